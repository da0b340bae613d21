import { api } from '@/lib/api/api';
import type { ImportRejection } from '../types/importJob';

export async function listImportRejections(id: string, signal?: AbortSignal): Promise<ImportRejection[]> {
  const res = await api.get<{ items: ImportRejection[] }>(`/api/leads/imports/${encodeURIComponent(id)}/rejections`, {
    query: { format: 'json' },
    signal,
  });
  return res.items;
}
