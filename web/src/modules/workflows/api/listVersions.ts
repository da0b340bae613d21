import { api } from '@/lib/api/api';
import type { VersionSummary } from '../types/workflow';

export async function listVersions(id: string, signal?: AbortSignal): Promise<VersionSummary[]> {
  return (await api.get<{ items: VersionSummary[] }>(`/api/workflows/${encodeURIComponent(id)}/versions`, { signal })).items;
}
