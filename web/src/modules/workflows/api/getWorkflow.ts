import { api } from '@/lib/api/api';
import type { Workflow } from '../types/workflow';

export function getWorkflow(id: string, signal?: AbortSignal): Promise<Workflow> {
  return api.get<Workflow>(`/api/workflows/${encodeURIComponent(id)}`, { signal });
}
