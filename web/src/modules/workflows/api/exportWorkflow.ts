import { api } from '@/lib/api/api';
import { saveBlob } from '@/lib/api/saveBlob';

/** Download the workflow file (graph, name and description) the server attaches. */
export async function exportWorkflow(id: string, fallbackName: string): Promise<void> {
  const { blob, filename } = await api.download(`/api/workflows/${encodeURIComponent(id)}/export`);
  saveBlob(blob, filename ?? `${fallbackName.replace(/[^\w.-]+/g, '-').toLowerCase() || 'workflow'}.json`);
}
