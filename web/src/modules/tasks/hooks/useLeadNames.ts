import { useQueries } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getLead } from '@/modules/leads/api/getLead';

/** Display names of the given leads (tasks carry only the lead id), shared with the lead cache. */
export function useLeadNames(leadIds: string[]): Record<string, string> {
  return useQueries({
    queries: [...new Set(leadIds)].map((id) => ({
      queryKey: queryKeys.leads.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => getLead(id, signal),
      staleTime: 5 * 60_000,
    })),
    combine: (results) => {
      const names: Record<string, string> = {};
      for (const r of results) if (r.data) names[r.data.id] = r.data.full_name || r.data.email || 'Unnamed lead';
      return names;
    },
  });
}
