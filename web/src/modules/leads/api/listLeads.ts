import { api } from '@/lib/api/api';
import { filtersToQuery } from '../lib/filtersToQuery';
import type { Lead, LeadFilters, Page } from '../types/lead';

export function listLeads(
  filters: LeadFilters,
  page: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<Page<Lead>> {
  return api.get<Page<Lead>>('/api/leads', { query: { ...filtersToQuery(filters), ...page }, signal });
}
