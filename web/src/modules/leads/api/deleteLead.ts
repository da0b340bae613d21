import { api } from '@/lib/api/api';

export function deleteLead(id: string): Promise<void> {
  return api.delete(`/api/leads/${encodeURIComponent(id)}`);
}
