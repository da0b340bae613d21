import { api } from '@/lib/api/api';
import { saveBlob } from '@/lib/api/saveBlob';

export async function downloadImportReport(id: string, sourceName: string): Promise<void> {
  const { blob, filename } = await api.download(`/api/leads/imports/${encodeURIComponent(id)}/rejections`, {
    query: { format: 'csv' },
  });
  const base = sourceName.replace(/\.csv$/i, '');
  saveBlob(blob, filename ?? `${base}-rejected-rows.csv`);
}
