import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { setConversationStatus } from '../api/setConversationStatus';
import { putConversation } from '../lib/applyRealtimeEvent';
import type { ConversationDetail, ConversationStatus } from '../types/conversation';

/** Close (mark done) or reopen a conversation, optimistically. */
export function useSetStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: ConversationStatus }) => setConversationStatus(id, status),
    onMutate: ({ id, status }) => {
      const previous = queryClient.getQueryData<ConversationDetail>(queryKeys.conversations.detail(id));
      if (previous) putConversation(queryClient, { ...previous, status });
      return { previous };
    },
    onSuccess: (summary, { status }) => {
      putConversation(queryClient, summary);
      toast.success(status === 'closed' ? 'Conversation closed' : 'Conversation reopened');
    },
    onError: (err, _vars, context) => {
      if (context?.previous) putConversation(queryClient, context.previous);
      toast.error(isApiError(err) ? err.message : "Couldn't change the conversation's status.");
    },
  });
}
