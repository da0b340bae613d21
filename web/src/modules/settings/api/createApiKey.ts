import { api } from '@/lib/api/api';
import type { Role } from '@/modules/auth/types/auth';
import type { CreatedApiKey } from '../types/team';

export function createApiKey(input: { name: string; role: Role }): Promise<CreatedApiKey> {
  return api.post<CreatedApiKey>('/api/api-keys', input);
}
