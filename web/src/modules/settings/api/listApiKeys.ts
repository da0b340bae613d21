import { api } from '@/lib/api/api';
import type { ApiKey } from '../types/team';

export async function listApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  const res = await api.get<{ items: ApiKey[] }>('/api/api-keys', { signal });
  return res.items;
}
