import { describe, expect, test } from 'vitest';
import { copySelection, pasteClipboard } from './clipboard';
import { sampleGraph } from './testGraph';

describe('copy/paste', () => {
  const graph = sampleGraph();

  test('copies the selected nodes with only the edges between them', () => {
    const payload = copySelection(graph.nodes, graph.edges, new Set(['email1', 'wait', 'sms']));
    expect(payload.nodes.map((n) => n.id)).toEqual(['email1', 'wait', 'sms']);
    expect(payload.edges.map((e) => e.id)).toEqual(['e2', 'e3']);
  });

  test('pastes with fresh ids, edges re-pointed at the copies, shifted into view', () => {
    const payload = copySelection(graph.nodes, graph.edges, new Set(['email1', 'wait', 'sms']));
    const taken = new Set([...graph.nodes.map((n) => n.id), 'send_1']);
    const pasted = pasteClipboard(payload, taken);
    const ids = pasted.nodes.map((n) => n.id);
    expect(ids).toEqual(['send_2', 'wait_for_event_1', 'send_3']);
    expect(ids.some((id) => taken.has(id))).toBe(false);
    expect(pasted.edges).toEqual([
      { id: 'e_send_2_out_wait_for_event_1', source: 'send_2', target: 'wait_for_event_1' },
      { id: 'e_wait_for_event_1_timeout_send_3', source: 'wait_for_event_1', target: 'send_3', sourceHandle: 'timeout' },
    ]);
    expect(pasted.nodes[0].position).toEqual({ x: 40, y: 180 });
    expect(pasted.nodes[0].data).toEqual(graph.nodes[1].data);
  });

  test('the copies do not share settings with the originals', () => {
    const payload = copySelection(graph.nodes, graph.edges, new Set(['wait']));
    const [copy] = pasteClipboard(payload, new Set()).nodes;
    (copy.data as { events: string[] }).events.push('open');
    expect(graph.nodes[2].data).toEqual({ events: ['reply'], timeout_seconds: 172800 });
  });
});
