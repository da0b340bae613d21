import { api } from '@/lib/api/api';
import type { Version } from '../types/workflow';

export function getVersion(id: string, version: number, signal?: AbortSignal): Promise<Version> {
  return api.get<Version>(`/api/workflows/${encodeURIComponent(id)}/versions/${version}`, { signal });
}
