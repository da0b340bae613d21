import type { GraphNode } from '../types/graph';

/** One branch a step leaves by: its `sourceHandle` and what the handle is labelled. */
export interface StepOutput {
  handle: string;
  label: string | null;
  tone: 'neutral' | 'success' | 'danger' | 'warning';
}

export const OUT = 'out';

/** The branches of a node, exactly as in the contract table (docs/workflows.md). */
export function stepOutputs(node: GraphNode): StepOutput[] {
  switch (node.type) {
    case 'end':
      return [];
    case 'wait_for_event':
      return [
        { handle: 'event', label: 'Event', tone: 'success' },
        { handle: 'timeout', label: 'Timeout', tone: 'warning' },
      ];
    case 'decision':
      return [
        { handle: 'yes', label: 'Yes', tone: 'success' },
        { handle: 'no', label: 'No', tone: 'danger' },
      ];
    case 'ab_split':
      return node.data.variants.map((v) => ({ handle: v.key, label: `${v.key} · ${v.weight}%`, tone: 'neutral' }));
    case 'channel_fallback':
      return [
        { handle: 'sent', label: 'Sent', tone: 'success' },
        { handle: 'none', label: 'None', tone: 'warning' },
      ];
    case 'webhook':
      return [
        { handle: OUT, label: 'OK', tone: 'success' },
        { handle: 'failed', label: 'Failed', tone: 'danger' },
      ];
    default:
      return [{ handle: OUT, label: null, tone: 'neutral' }];
  }
}
