import { api } from '@/lib/api/api';
import type { Graph } from '../types/graph';
import type { Workflow } from '../types/workflow';

export interface NewWorkflow {
  name: string;
  description?: string;
  /** A template key from `GET /api/workflow-templates`. */
  template?: string;
  graph?: Graph;
}

export function createWorkflow(input: NewWorkflow): Promise<Workflow> {
  return api.post<Workflow>('/api/workflows', input);
}
