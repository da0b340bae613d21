import { api } from '@/lib/api/api';
import type { TokenResponse } from '../types/auth';

export async function login(email: string, password: string): Promise<TokenResponse> {
  const res = await api.post<TokenResponse>('/api/auth/login', { email, password }, { auth: false });
  api.tokens.set(res);
  return res;
}
