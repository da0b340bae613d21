import { api } from '@/lib/api/api';
import type { TokenResponse } from '../types/auth';

export async function acceptInvitation(input: { token: string; name: string; password: string }): Promise<TokenResponse> {
  const res = await api.post<TokenResponse>('/api/auth/accept-invitation', input, { auth: false });
  api.tokens.set(res);
  return res;
}
