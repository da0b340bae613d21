import { api } from '@/lib/api/api';
import type { User } from '@/modules/auth/types/auth';

export async function listUsers(signal?: AbortSignal): Promise<User[]> {
  const res = await api.get<{ items: User[] }>('/api/users', { signal });
  return res.items;
}
