import { api } from '@/lib/api/api';
import type { PublicInvitation } from '../types/auth';

export function getInvitation(token: string, signal?: AbortSignal): Promise<PublicInvitation> {
  return api.get<PublicInvitation>('/api/auth/invitation', { query: { token }, auth: false, signal });
}
