import { api } from '@/lib/api/api';
import type { ImportJob } from '../types/importJob';

export function getImportJob(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return api.get<ImportJob>(`/api/leads/imports/${encodeURIComponent(id)}`, { signal });
}
