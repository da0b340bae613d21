import type { Edge, Node } from '@xyflow/react';
import { DEFAULT_EXIT_RULES, type Graph, type GraphEdge, type GraphNode, type WorkflowSettings } from '../types/graph';
import { OUT } from './stepOutputs';

/** A node on the canvas: the graph node plus React Flow's own fields (selected, measured…). */
export type FlowNode = Node<GraphNode['data'] & Record<string, unknown>, GraphNode['type']>;
export type FlowEdge = Edge;

export interface FlowDocument {
  nodes: FlowNode[];
  edges: FlowEdge[];
  settings: WorkflowSettings;
}

/** The saved graph → what React Flow draws. Every edge names its handle (`out` when missing). */
export function toFlow(graph: Pick<Graph, 'nodes' | 'edges'> & Partial<Pick<Graph, 'settings'>>): FlowDocument {
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, type: n.type, position: { ...n.position }, data: { ...n.data } }) as FlowNode),
    edges: graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? OUT })),
    settings: { exit_on: { ...DEFAULT_EXIT_RULES, ...graph.settings?.exit_on } },
  };
}

/**
 * What React Flow holds → the graph the server stores: only the contract's fields, positions
 * rounded, and `sourceHandle` left out for the single `out` branch.
 */
export function fromFlow(nodes: FlowNode[], edges: FlowEdge[], settings: WorkflowSettings): Graph {
  return {
    format: 'omnireach.workflow',
    version: 1,
    settings: { exit_on: { ...settings.exit_on } },
    nodes: nodes.map(
      (n) =>
        ({
          id: n.id,
          type: n.type,
          position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
          data: { ...n.data },
        }) as GraphNode,
    ),
    edges: edges.map((e) => {
      const edge: GraphEdge = { id: e.id, source: e.source, target: e.target };
      if (e.sourceHandle && e.sourceHandle !== OUT) edge.sourceHandle = e.sourceHandle;
      return edge;
    }),
  };
}

/** The graph node behind a canvas node (its `type` and `data` are the contract's). */
export function asGraphNode(node: FlowNode): GraphNode {
  return { id: node.id, type: node.type, position: node.position, data: node.data } as GraphNode;
}
