import { api } from '@/lib/api/api';
import type { Run } from '../types/campaign';

export function getRun(id: string, signal?: AbortSignal): Promise<Run> {
  return api.get<Run>(`/api/runs/${encodeURIComponent(id)}`, { signal });
}
