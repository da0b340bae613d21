import type { Graph, GraphNode } from '../types/graph';
import { stepTitle } from './stepSummary';

export interface DiffEntry {
  id: string;
  name: string;
  /** For changed nodes: what changed. */
  what?: ('settings' | 'connections' | 'type')[];
}

export interface GraphDiff {
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: DiffEntry[];
}

const name = (node: GraphNode) => `${stepTitle(node)} (${node.id})`;

/** Stable JSON (sorted keys), so key order never counts as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function outgoing(graph: Pick<Graph, 'edges'>, id: string): string {
  return graph.edges
    .filter((e) => e.source === id)
    .map((e) => `${e.sourceHandle ?? 'out'}→${e.target}`)
    .sort()
    .join(',');
}

/** What the draft (`next`) adds, removes and changes relative to a version (`base`). Moves don't count. */
export function diffGraphs(base: Pick<Graph, 'nodes' | 'edges'>, next: Pick<Graph, 'nodes' | 'edges'>): GraphDiff {
  const before = new Map(base.nodes.map((n) => [n.id, n]));
  const after = new Map(next.nodes.map((n) => [n.id, n]));
  const diff: GraphDiff = { added: [], removed: [], changed: [] };
  for (const node of next.nodes) {
    const old = before.get(node.id);
    if (!old) {
      diff.added.push({ id: node.id, name: name(node) });
      continue;
    }
    const what: DiffEntry['what'] = [];
    if (old.type !== node.type) what.push('type');
    else if (canonical(old.data) !== canonical(node.data)) what.push('settings');
    if (outgoing(base, node.id) !== outgoing(next, node.id)) what.push('connections');
    if (what.length) diff.changed.push({ id: node.id, name: name(node), what });
  }
  for (const node of base.nodes) {
    if (!after.has(node.id)) diff.removed.push({ id: node.id, name: name(node) });
  }
  return diff;
}

export function isEmptyDiff(diff: GraphDiff): boolean {
  return !diff.added.length && !diff.removed.length && !diff.changed.length;
}
