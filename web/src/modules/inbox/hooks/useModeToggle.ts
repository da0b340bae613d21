import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { useMe } from '@/modules/auth/hooks/useMe';
import { handBack } from '../api/handBack';
import { takeOver } from '../api/takeOver';
import { putConversation } from '../lib/applyRealtimeEvent';
import { useLiveStore } from '../stores/useLiveStore';
import type { ConversationDetail, ConversationMode } from '../types/conversation';

/** Take over from the AI or hand back, optimistically; rolls back if the server refuses. */
export function useModeToggle(conversationId: string) {
  const queryClient = useQueryClient();
  const meId = useMe().data?.user.id ?? null;
  return useMutation({
    mutationFn: (to: ConversationMode) => (to === 'human' ? takeOver(conversationId) : handBack(conversationId)),
    onMutate: (to) => {
      const previous = queryClient.getQueryData<ConversationDetail>(queryKeys.conversations.detail(conversationId));
      if (previous) {
        putConversation(queryClient, { ...previous, mode: to, assignee_id: to === 'human' ? (previous.assignee_id ?? meId) : previous.assignee_id });
      }
      // Taking over cancels generation in flight: its streaming text must never look sendable.
      if (to === 'human') useLiveStore.getState().dropStreaming(conversationId);
      return { previous };
    },
    onSuccess: (summary) => putConversation(queryClient, summary),
    onError: (err, to, context) => {
      if (context?.previous) putConversation(queryClient, context.previous);
      toast.error(isApiError(err) ? err.message : to === 'human' ? "Couldn't take over." : "Couldn't hand back to the AI.");
    },
  });
}
