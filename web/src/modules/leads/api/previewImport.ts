import { api } from '@/lib/api/api';
import type { ImportPreview } from '../types/importJob';

export function previewImport(file: File, signal?: AbortSignal): Promise<ImportPreview> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.post<ImportPreview>('/api/leads/import/preview', form, { signal });
}
