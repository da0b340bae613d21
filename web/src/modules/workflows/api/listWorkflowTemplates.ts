import { api } from '@/lib/api/api';
import type { WorkflowTemplate } from '../types/workflow';

export async function listWorkflowTemplates(signal?: AbortSignal): Promise<WorkflowTemplate[]> {
  return (await api.get<{ items: WorkflowTemplate[] }>('/api/workflow-templates', { signal })).items;
}
