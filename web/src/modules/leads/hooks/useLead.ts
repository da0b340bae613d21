import { useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getLead } from '../api/getLead';
import type { Lead, Page } from '../types/lead';

/** One lead; seeded from any loaded list page so the drawer opens instantly. */
export function useLead(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.leads.detail(id ?? ''),
    queryFn: ({ signal }) => getLead(id!, signal),
    enabled: !!id,
    initialData: () => {
      if (!id) return undefined;
      const lists = queryClient.getQueriesData<InfiniteData<Page<Lead>>>({ queryKey: ['leads', 'list'] });
      for (const [, data] of lists) {
        for (const page of data?.pages ?? []) {
          const hit = page.items.find((l) => l.id === id);
          if (hit) return hit;
        }
      }
      return undefined;
    },
    initialDataUpdatedAt: 0,
  });
}
