import { api } from '@/lib/api/api';
import type { Role, User } from '@/modules/auth/types/auth';

export function updateUser(id: string, input: { name?: string; role?: Role; disabled?: boolean }): Promise<User> {
  return api.patch<User>(`/api/users/${encodeURIComponent(id)}`, input);
}
