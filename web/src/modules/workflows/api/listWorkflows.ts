import { api } from '@/lib/api/api';
import type { WorkflowSummary } from '../types/workflow';

export async function listWorkflows(signal?: AbortSignal): Promise<WorkflowSummary[]> {
  return (await api.get<{ items: WorkflowSummary[] }>('/api/workflows', { signal })).items;
}
