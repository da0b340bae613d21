import { api } from '@/lib/api/api';
import type { Role } from '@/modules/auth/types/auth';
import type { CreatedInvitation } from '../types/team';

export function createInvitation(input: { email: string; role: Role }): Promise<CreatedInvitation> {
  return api.post<CreatedInvitation>('/api/invitations', input);
}
