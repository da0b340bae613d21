import dagre from '@dagrejs/dagre';

/** The size the layout reserves per node (the card is 256 px wide). */
export const NODE_WIDTH = 256;
export const NODE_HEIGHT = 88;

interface Positioned {
  id: string;
  position: { x: number; y: number };
}

/**
 * Top-to-bottom layout with dagre: returns every node at a new position (top-left corner, as
 * React Flow expects), keeping each node's other fields.
 */
export function autoLayout<N extends Positioned>(nodes: N[], edges: { source: string; target: string }[]): N[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 72, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const ids = new Set(nodes.map((n) => n.id));
  for (const edge of edges) {
    if (ids.has(edge.source) && ids.has(edge.target)) graph.setEdge(edge.source, edge.target);
  }
  dagre.layout(graph);
  return nodes.map((node) => {
    const { x, y } = graph.node(node.id);
    return { ...node, position: { x: Math.round(x - NODE_WIDTH / 2), y: Math.round(y - NODE_HEIGHT / 2) } };
  });
}
