import { api } from '@/lib/api/api';

export function revokeInvitation(id: string): Promise<void> {
  return api.delete(`/api/invitations/${encodeURIComponent(id)}`);
}
