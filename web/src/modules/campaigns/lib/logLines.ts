import type { NodeRun } from '../types/campaign';

/** Log lines as text: the engine writes `{"at", "message"}` entries; plain strings are kept. */
export function logLines(log: NodeRun['log']): string[] {
  if (!log) return [];
  const entries: unknown[] = Array.isArray(log) ? log : [log];
  return entries.map((entry) => {
    if (typeof entry === 'string') return entry;
    const { at, message } = (entry ?? {}) as { at?: number; message?: unknown };
    const text = typeof message === 'string' ? message : JSON.stringify(entry);
    return typeof at === 'number' ? `${new Date(at).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' })}  ${text}` : text;
  });
}
