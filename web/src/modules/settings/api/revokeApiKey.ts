import { api } from '@/lib/api/api';

export function revokeApiKey(id: string): Promise<void> {
  return api.delete(`/api/api-keys/${encodeURIComponent(id)}`);
}
