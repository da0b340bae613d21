import { api } from '@/lib/api/api';

/** Freeze the draft as the next version; rejects with 422 (and the findings) when it has errors. */
export function publishWorkflow(id: string, note: string): Promise<{ version: number; published_at: string | number }> {
  return api.post(`/api/workflows/${encodeURIComponent(id)}/publish`, note.trim() ? { note: note.trim() } : {});
}
