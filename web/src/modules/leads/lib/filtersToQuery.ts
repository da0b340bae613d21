import type { Query } from '@/lib/api/createApiClient';
import type { LeadFilters } from '../types/lead';

/** The list/export query string for a set of filters. Empty values are dropped by the client. */
export function filtersToQuery(filters: LeadFilters): Query {
  return {
    q: filters.q.trim(),
    stage: filters.stage,
    tag: filters.tag.trim(),
    owner_id: filters.owner_id,
    consent: filters.consent,
    do_not_contact: filters.do_not_contact,
    sort: filters.sort === '-created_at' ? undefined : filters.sort,
  };
}
