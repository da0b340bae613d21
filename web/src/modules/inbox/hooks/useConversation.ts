import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getConversation } from '../api/getConversation';
import { useLiveStore } from '../stores/useLiveStore';

/** One conversation with its open drafts and the full lead; seeds the live draft store. */
export function useConversation(id: string | null) {
  return useQuery({
    queryKey: queryKeys.conversations.detail(id ?? ''),
    queryFn: async ({ signal }) => {
      const detail = await getConversation(id!, signal);
      useLiveStore.getState().seedDrafts(detail.id, detail.drafts ?? []);
      return detail;
    },
    enabled: !!id,
    staleTime: 60_000,
  });
}
