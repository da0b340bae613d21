import { api } from '@/lib/api/api';
import type { Invitation } from '../types/team';

export async function listInvitations(signal?: AbortSignal): Promise<Invitation[]> {
  const res = await api.get<{ items: Invitation[] }>('/api/invitations', { signal });
  return res.items;
}
