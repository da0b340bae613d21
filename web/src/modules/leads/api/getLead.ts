import { api } from '@/lib/api/api';
import type { Lead } from '../types/lead';

export function getLead(id: string, signal?: AbortSignal): Promise<Lead> {
  return api.get<Lead>(`/api/leads/${encodeURIComponent(id)}`, { signal });
}
