import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listLeads } from '../api/listLeads';
import type { LeadFilters } from '../types/lead';

export const LEADS_PAGE_SIZE = 100;

export function useLeadsInfinite(filters: LeadFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.leads.list(filters),
    queryFn: ({ pageParam, signal }) => listLeads(filters, { limit: LEADS_PAGE_SIZE, offset: pageParam }, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => {
      const next = last.offset + last.items.length;
      return last.items.length > 0 && next < last.total ? next : undefined;
    },
    placeholderData: keepPreviousData,
    // A deep scroll can hold hundreds of pages; refetching them all on every tab focus would
    // hammer the server. Lists refresh through mutations and the import flow instead.
    refetchOnWindowFocus: false,
  });
}
