import { api } from '@/lib/api/api';

/** Revoke the refresh token server-side (best effort) and forget both tokens locally. */
export async function logout(): Promise<void> {
  const refresh_token = api.tokens.getRefresh();
  api.tokens.clear();
  if (!refresh_token) return;
  try {
    await api.post('/api/auth/logout', { refresh_token }, { auth: false });
  } catch {
    /* already signed out locally; the token expires on its own */
  }
}
