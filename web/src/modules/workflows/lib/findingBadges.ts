import type { GraphEdge } from '../types/graph';
import type { Finding } from '../types/workflow';

export interface NodeBadge {
  errors: Finding[];
  warnings: Finding[];
}

/**
 * Findings by the node they are about. A finding about an edge counts for the edge's source
 * node (that is where the user fixes it); findings about the whole workflow are left out.
 */
export function findingsByNode(findings: Finding[], edges: Pick<GraphEdge, 'id' | 'source'>[]): Record<string, NodeBadge> {
  const badges: Record<string, NodeBadge> = {};
  for (const finding of findings) {
    const nodeId = findingNodeId(finding, edges);
    if (!nodeId) continue;
    const badge = (badges[nodeId] ??= { errors: [], warnings: [] });
    (finding.severity === 'error' ? badge.errors : badge.warnings).push(finding);
  }
  return badges;
}

/** The node a finding points at, for "click a finding → select the node". */
export function findingNodeId(finding: Finding, edges: Pick<GraphEdge, 'id' | 'source'>[]): string | null {
  if (finding.node_id) return finding.node_id;
  if (!finding.edge_id) return null;
  return edges.find((e) => e.id === finding.edge_id)?.source ?? null;
}
