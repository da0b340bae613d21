import { api } from '@/lib/api/api';
import type { Workflow } from '../types/workflow';

/** The draft becomes that version's graph. */
export function restoreVersion(id: string, version: number): Promise<Workflow> {
  return api.post<Workflow>(`/api/workflows/${encodeURIComponent(id)}/versions/${version}/restore`);
}
