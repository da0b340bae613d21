import { api } from '@/lib/api/api';
import type { Role, User } from '@/modules/auth/types/auth';

export function createUser(input: { email: string; name: string; password: string; role: Role }): Promise<User> {
  return api.post<User>('/api/users', input);
}
