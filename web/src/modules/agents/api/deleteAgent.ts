import { api } from '@/lib/api/api';

export function deleteAgent(id: string): Promise<void> {
  return api.delete(`/api/agents/${encodeURIComponent(id)}`);
}
