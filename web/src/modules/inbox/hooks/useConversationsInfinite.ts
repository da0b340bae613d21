import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listConversations } from '../api/listConversations';
import type { ConversationFilters } from '../types/conversation';

export const CONVERSATIONS_PAGE_SIZE = 50;

/** The conversation list, cursor-paginated; kept live by the WebSocket rather than refetches. */
export function useConversationsInfinite(filters: ConversationFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.conversations.list(filters),
    queryFn: ({ pageParam, signal }) => listConversations(filters, pageParam, CONVERSATIONS_PAGE_SIZE, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
    staleTime: 60_000,
  });
}
