import { api } from '@/lib/api/api';
import type { Graph } from '../types/graph';
import type { Workflow } from '../types/workflow';

export interface WorkflowPatch {
  name?: string;
  description?: string;
  draft?: Graph;
}

export function updateWorkflow(id: string, patch: WorkflowPatch): Promise<Workflow> {
  return api.patch<Workflow>(`/api/workflows/${encodeURIComponent(id)}`, patch);
}
