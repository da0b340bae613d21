import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { assignConversation } from '../api/assignConversation';
import { putConversation } from '../lib/applyRealtimeEvent';
import type { ConversationDetail } from '../types/conversation';

export function useAssign(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string | null) => assignConversation(conversationId, userId),
    onMutate: (userId) => {
      const previous = queryClient.getQueryData<ConversationDetail>(queryKeys.conversations.detail(conversationId));
      if (previous) putConversation(queryClient, { ...previous, assignee_id: userId });
      return { previous };
    },
    onSuccess: (summary) => putConversation(queryClient, summary),
    onError: (err, _userId, context) => {
      if (context?.previous) putConversation(queryClient, context.previous);
      toast.error(isApiError(err) ? err.message : "Couldn't assign the conversation.");
    },
  });
}
