import { api } from '@/lib/api/api';
import type { Me } from '../types/auth';

export function getMe(signal?: AbortSignal): Promise<Me> {
  return api.get<Me>('/api/me', { signal });
}
