import { api } from '@/lib/api/api';
import { saveBlob } from '@/lib/api/saveBlob';
import { filtersToQuery } from '../lib/filtersToQuery';
import type { LeadFilters } from '../types/lead';

/** Download the CSV through fetch so the Authorization header is sent. */
export async function exportLeads(filters: LeadFilters): Promise<string> {
  const { blob, filename } = await api.download('/api/leads/export', { query: filtersToQuery(filters) });
  const name = filename ?? `leads-${new Date().toISOString().slice(0, 10)}.csv`;
  saveBlob(blob, name);
  return name;
}
