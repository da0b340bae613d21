import { api } from '@/lib/api/api';
import type { ColumnMapping, ImportJob } from '../types/importJob';

export function startImport(input: { file: File; mapping: ColumnMapping; defaultCountry?: string }): Promise<ImportJob> {
  const form = new FormData();
  form.append('file', input.file, input.file.name);
  form.append('mapping', JSON.stringify(input.mapping));
  if (input.defaultCountry) form.append('default_country', input.defaultCountry);
  return api.post<ImportJob>('/api/leads/import', form);
}
