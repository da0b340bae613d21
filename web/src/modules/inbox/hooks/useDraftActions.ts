import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { approveDraft } from '../api/approveDraft';
import { discardDraft } from '../api/discardDraft';
import { upsertMessage, type MessagesData } from '../lib/messageCache';
import { useLiveStore } from '../stores/useLiveStore';

/** Approve (optionally edited) or discard a ready AI draft. */
export function useDraftActions(conversationId: string) {
  const queryClient = useQueryClient();
  const approve = useMutation({
    mutationFn: ({ draftId, text }: { draftId: string; text?: string }) => approveDraft(conversationId, draftId, text),
    onSuccess: (message, { draftId }) => {
      useLiveStore.getState().removeDraft(conversationId, draftId);
      queryClient.setQueryData<MessagesData>(queryKeys.conversations.messages(conversationId), (data) => upsertMessage(data, message));
    },
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't send the draft."),
  });
  const discard = useMutation({
    mutationFn: (draftId: string) => discardDraft(conversationId, draftId),
    onSuccess: (_res, draftId) => useLiveStore.getState().removeDraft(conversationId, draftId),
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't discard the draft."),
  });
  return { approve, discard };
}
