import type { GraphEdge, GraphNode } from '../types/graph';
import { edgeId, newNodeId } from './nodeIds';

/** What Ctrl/Cmd+C keeps: the selected nodes and the edges between them. */
export interface ClipboardPayload {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function copySelection(nodes: GraphNode[], edges: GraphEdge[], selected: ReadonlySet<string>): ClipboardPayload {
  const picked = nodes.filter((n) => selected.has(n.id));
  return {
    nodes: structuredClone(picked),
    edges: structuredClone(edges.filter((e) => selected.has(e.source) && selected.has(e.target))),
  };
}

/**
 * The clipboard as new nodes and edges: fresh ids that clash with nothing in `taken`, edges
 * re-pointed at the copies, positions shifted by `offset` so the copy is visible.
 */
export function pasteClipboard(
  payload: ClipboardPayload,
  taken: ReadonlySet<string>,
  offset = { x: 40, y: 40 },
): ClipboardPayload {
  const used = new Set(taken);
  const ids = new Map<string, string>();
  const nodes = payload.nodes.map((node) => {
    const id = newNodeId(node.type, used);
    used.add(id);
    ids.set(node.id, id);
    return {
      ...structuredClone(node),
      id,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    } as GraphNode;
  });
  const edges = payload.edges.map((edge) => {
    const source = ids.get(edge.source)!;
    const target = ids.get(edge.target)!;
    return { ...edge, id: edgeId(source, edge.sourceHandle, target), source, target };
  });
  return { nodes, edges };
}
