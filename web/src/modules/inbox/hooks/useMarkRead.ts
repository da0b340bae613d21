import { useMutation, useQueryClient } from '@tanstack/react-query';
import { markRead } from '../api/markRead';
import { putConversation } from '../lib/applyRealtimeEvent';

/** Mark a conversation read; quiet on failure (it is retried the next time it opens). */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (conversationId: string) => markRead(conversationId),
    onSuccess: (summary) => putConversation(queryClient, summary),
  });
}
