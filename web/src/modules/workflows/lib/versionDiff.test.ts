import { describe, expect, test } from 'vitest';
import type { Graph } from '../types/graph';
import { diffGraphs, isEmptyDiff } from './versionDiff';
import { sampleGraph } from './testGraph';

describe('version diff', () => {
  test('names the nodes added, removed and changed', () => {
    const base = sampleGraph();
    const draft: Graph = structuredClone(base);
    draft.nodes = draft.nodes.filter((n) => n.id !== 'sms');
    draft.edges = draft.edges.filter((e) => e.target !== 'sms');
    draft.nodes.push({ id: 'wait_1', type: 'wait', position: { x: 0, y: 0 }, data: { mode: 'duration', seconds: 86400 } });
    const email = draft.nodes.find((n) => n.id === 'email1')!;
    email.data = { ...email.data, subject: 'New subject' } as typeof email.data;
    const diff = diffGraphs(base, draft);
    expect(diff.added).toEqual([{ id: 'wait_1', name: 'Wait 1 day (wait_1)' }]);
    expect(diff.removed).toEqual([{ id: 'sms', name: 'Send SMS (sms)' }]);
    expect(diff.changed).toEqual([
      { id: 'email1', name: 'Send email (email1)', what: ['settings'] },
      { id: 'wait', name: 'Wait for reply (wait)', what: ['connections'] },
    ]);
  });

  test('moving nodes or reordering keys is not a change', () => {
    const base = sampleGraph();
    const draft = structuredClone(base);
    draft.nodes.forEach((n) => (n.position = { x: n.position.x + 100, y: 7 }));
    draft.nodes[1].data = { body: 'Hello', subject: 'Hi {{first_name}}', source: 'text', channel: 'email' };
    expect(isEmptyDiff(diffGraphs(base, draft))).toBe(true);
  });
});
