import { api } from '@/lib/api/api';

export function discardDraft(conversationId: string, draftId: string): Promise<void> {
  return api.post<void>(`/api/conversations/${encodeURIComponent(conversationId)}/drafts/${encodeURIComponent(draftId)}/discard`);
}
