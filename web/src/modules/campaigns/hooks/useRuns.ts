import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getRun } from '../api/getRun';
import { listRuns } from '../api/listRuns';

export function useRuns(campaignId: string, status: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.campaigns.runs(campaignId, status),
    queryFn: ({ signal, pageParam }) => listRuns(campaignId, { status: status || undefined, cursor: pageParam || undefined }, signal),
    initialPageParam: '',
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

export function useRun(id: string | null) {
  return useQuery({ queryKey: queryKeys.runs.detail(id ?? ''), queryFn: ({ signal }) => getRun(id!, signal), enabled: !!id });
}
