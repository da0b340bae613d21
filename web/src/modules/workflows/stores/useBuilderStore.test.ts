import { beforeEach, describe, expect, test } from 'vitest';
import { sampleGraph } from '../lib/testGraph';
import { useBuilderStore } from './useBuilderStore';

const store = () => useBuilderStore.getState();
const ids = () => store().nodes.map((n) => n.id);

describe('builder store', () => {
  beforeEach(() => store().load(sampleGraph()));

  test('undo and redo an added node, and a new edit clears redo', () => {
    const id = store().addNode('wait', { x: 10, y: 10 });
    expect(id).toBe('wait_1');
    expect(ids()).toContain('wait_1');
    store().undo();
    expect(ids()).not.toContain('wait_1');
    store().redo();
    expect(ids()).toContain('wait_1');
    store().undo();
    store().addNode('end', { x: 0, y: 0 });
    expect(store().history.future).toEqual([]);
  });

  test('a drag is one undo step, recorded when it ends', () => {
    const move = (x: number, dragging: boolean) =>
      store().onNodesChange([{ type: 'position', id: 'sms', position: { x, y: 420 }, dragging }]);
    const before = store().history.past.length;
    move(210, true);
    move(260, true);
    expect(store().history.past.length).toBe(before);
    move(300, false);
    expect(store().history.past.length).toBe(before + 1);
    store().undo();
    expect(store().nodes.find((n) => n.id === 'sms')!.position.x).toBe(200);
  });

  test('deleting a selection removes its edges; copy/paste duplicates with new ids', () => {
    store().select(['wait']);
    store().deleteSelection();
    expect(ids()).not.toContain('wait');
    expect(store().edges.some((e) => e.source === 'wait' || e.target === 'wait')).toBe(false);
    store().undo();
    store().select(['wait', 'sms']);
    expect(store().copy()).toBe(2);
    expect(store().paste()).toBe(2);
    expect(ids().slice(-2)).toEqual(['wait_for_event_1', 'send_1']);
    expect(store().edges.at(-1)).toMatchObject({ source: 'wait_for_event_1', target: 'send_1', sourceHandle: 'timeout' });
    expect(store().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['wait_for_event_1', 'send_1']);
  });

  test('a branch leads to one place: reconnecting a handle replaces its edge', () => {
    store().connect({ source: 'wait', sourceHandle: 'timeout', target: 'end', targetHandle: null });
    const fromTimeout = store().edges.filter((e) => e.source === 'wait' && e.sourceHandle === 'timeout');
    expect(fromTimeout.map((e) => e.target)).toEqual(['end']);
  });

  test('removing an A/B variant removes the edges leaving by it', () => {
    const split = store().addNode('ab_split', { x: 0, y: 0 });
    store().connect({ source: split, sourceHandle: 'B', target: 'end', targetHandle: null });
    store().updateNodeData(split, { variants: [{ key: 'A', weight: 100 }] });
    expect(store().edges.some((e) => e.source === split)).toBe(false);
  });
});

describe('typing in the inspector', () => {
  beforeEach(() => store().load(sampleGraph()));

  test('typing into one field is one undo step; another field starts a new one', () => {
    const type = (body: string, field = 'body') =>
      store().updateNodeData('sms', { channel: 'sms', source: 'text', body }, field);
    type('Q');
    type('Qu');
    type('Quick');
    store().updateNodeData('sms', { channel: 'sms', source: 'text', body: 'Quick', subject: 'S' }, 'subject');
    store().undo();
    expect(store().nodes.find((n) => n.id === 'sms')!.data).toMatchObject({ body: 'Quick' });
    store().undo();
    expect(store().nodes.find((n) => n.id === 'sms')!.data).toMatchObject({ body: 'Quick nudge' });
  });
});
