import { describe, expect, test } from 'vitest';
import { autoLayout, NODE_HEIGHT } from './autoLayout';
import { sampleGraph } from './testGraph';

describe('auto-layout', () => {
  test('keeps every node, including ones with no edges, and lays them out top to bottom', () => {
    const graph = sampleGraph();
    const nodes = [...graph.nodes, { id: 'loose', type: 'end', position: { x: 999, y: 999 }, data: { outcome: 'end' } }];
    const laid = autoLayout(nodes, [...graph.edges, { source: 'ghost', target: 'trigger' }]);
    expect(laid.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
    const y = Object.fromEntries(laid.map((n) => [n.id, n.position.y]));
    expect(y.email1).toBeGreaterThanOrEqual(y.trigger + NODE_HEIGHT);
    expect(y.wait).toBeGreaterThanOrEqual(y.email1 + NODE_HEIGHT);
    expect(y.sms).toBeGreaterThan(y.wait);
    expect(laid[1].data).toBe(nodes[1].data);
  });

  test('siblings on one rank do not overlap', () => {
    const graph = sampleGraph();
    const laid = autoLayout(graph.nodes, graph.edges);
    const sms = laid.find((n) => n.id === 'sms')!;
    const end = laid.find((n) => n.id === 'end')!;
    expect(sms.position.y).toBe(end.position.y);
    expect(Math.abs(sms.position.x - end.position.x)).toBeGreaterThanOrEqual(256);
  });
});
