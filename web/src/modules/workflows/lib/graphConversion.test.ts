import { describe, expect, test } from 'vitest';
import { fromFlow, toFlow } from './graphConversion';
import { sampleGraph } from './testGraph';

describe('graph ↔ React Flow', () => {
  test('a saved graph survives the round trip through the canvas unchanged', () => {
    const graph = sampleGraph();
    const flow = toFlow(graph);
    expect(fromFlow(flow.nodes, flow.edges, flow.settings)).toEqual(graph);
  });

  test('every canvas edge names its handle, and the single out branch is saved without one', () => {
    const flow = toFlow(sampleGraph());
    expect(flow.edges.map((e) => e.sourceHandle)).toEqual(['out', 'out', 'timeout', 'event']);
    const saved = fromFlow(flow.nodes, flow.edges, flow.settings);
    expect(saved.edges[0]).not.toHaveProperty('sourceHandle');
    expect(saved.edges[2].sourceHandle).toBe('timeout');
  });

  test("React Flow's own fields are dropped and positions rounded", () => {
    const flow = toFlow(sampleGraph());
    const nodes = flow.nodes.map((n, i) => ({ ...n, selected: i === 0, measured: { width: 256, height: 80 }, dragging: false, position: { x: n.position.x + 0.4, y: n.position.y + 0.6 } }));
    const edges = flow.edges.map((e) => ({ ...e, selected: true, animated: true }));
    const saved = fromFlow(nodes, edges, flow.settings);
    expect(Object.keys(saved.nodes[0]).sort()).toEqual(['data', 'id', 'position', 'type']);
    expect(Object.keys(saved.edges[0]).sort()).toEqual(['id', 'source', 'target']);
    expect(saved.nodes[1].position).toEqual({ x: 0, y: 141 });
  });

  test('missing exit rules fall back to the defaults', () => {
    const { settings } = toFlow({ nodes: [], edges: [] });
    expect(settings.exit_on).toEqual({ reply: true, unsubscribe: true, meeting_booked: true, stage_change: false });
  });
});
