import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { useMe } from '@/modules/auth/hooks/useMe';
import { addNote } from '../api/addNote';
import { sendMessage, type SendMessageInput, type SentMessage } from '../api/sendMessage';
import { OPTIMISTIC_PREFIX, removeMessage, upsertMessage, type MessagesData } from '../lib/messageCache';
import type { Message } from '../types/conversation';

export interface SendVariables extends SendMessageInput {
  note?: boolean;
  /** Shown optimistically while a template is rendered by the server. */
  previewText?: string;
}

let counter = 0;

/**
 * Send a reply or an internal note. The message appears at once as `queued` and is replaced
 * by the server's copy (matched by id when the POST answers, or by content if the WebSocket
 * delivers it first).
 */
export function useSendMessage(conversationId: string, leadId: string) {
  const queryClient = useQueryClient();
  const me = useMe().data?.user;
  const key = queryKeys.conversations.messages(conversationId);
  return useMutation({
    mutationFn: (vars: SendVariables): Promise<SentMessage> => {
      const { note, previewText: _preview, ...input } = vars;
      return note ? addNote(conversationId, input.text ?? '') : sendMessage(conversationId, input);
    },
    onMutate: (vars) => {
      const optimistic: Message = {
        id: `${OPTIMISTIC_PREFIX}${Date.now()}-${++counter}`,
        conversation_id: conversationId,
        lead_id: leadId,
        direction: vars.note ? 'note' : 'outbound',
        channel: vars.channel,
        author: { kind: 'human', user_id: me?.id ?? null, name: me?.name ?? null },
        subject: vars.subject ?? null,
        text: vars.text ?? vars.previewText ?? '',
        status: vars.note ? 'received' : 'queued',
        error: null,
        created_at: Date.now(),
        pending: true,
      };
      queryClient.setQueryData<MessagesData>(key, (data) => upsertMessage(data, optimistic));
      return { optimisticId: optimistic.id };
    },
    onSuccess: ({ held: _held, ...message }, _vars, context) => {
      queryClient.setQueryData<MessagesData>(key, (data) => upsertMessage(data, message, context?.optimisticId));
    },
    onError: (_err, _vars, context) => {
      if (context) queryClient.setQueryData<MessagesData>(key, (data) => removeMessage(data, context.optimisticId));
    },
  });
}
