import { useInfiniteQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listMessages } from '../api/listMessages';

export const MESSAGES_PAGE_SIZE = 50;

/** A thread, newest page first; older pages load as the reader scrolls up. */
export function useMessagesInfinite(conversationId: string | null) {
  return useInfiniteQuery({
    queryKey: queryKeys.conversations.messages(conversationId ?? ''),
    queryFn: ({ pageParam, signal }) => listMessages(conversationId!, pageParam, MESSAGES_PAGE_SIZE, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.has_more && last.items.length ? last.items[0].id : undefined),
    enabled: !!conversationId,
    refetchOnWindowFocus: false,
    staleTime: 60_000,
  });
}
