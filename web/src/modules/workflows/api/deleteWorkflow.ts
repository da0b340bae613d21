import { api } from '@/lib/api/api';

/** Archives the workflow (409 while an active campaign uses it). */
export function deleteWorkflow(id: string): Promise<void> {
  return api.delete(`/api/workflows/${encodeURIComponent(id)}`);
}
