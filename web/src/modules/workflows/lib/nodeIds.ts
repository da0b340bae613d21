import type { StepType } from '../types/graph';

/** A readable id not yet taken: `send_1`, `send_2`, … (ids show up in logs and run timelines). */
export function newNodeId(type: StepType, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${type}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The id of the edge leaving `source` by `handle` into `target` (one such edge can exist). */
export function edgeId(source: string, handle: string | null | undefined, target: string): string {
  return `e_${source}_${handle ?? 'out'}_${target}`;
}
