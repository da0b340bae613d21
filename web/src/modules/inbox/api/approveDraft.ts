import { api } from '@/lib/api/api';
import type { Message } from '../types/conversation';

/** Send a ready draft, optionally edited first. */
export function approveDraft(conversationId: string, draftId: string, text?: string): Promise<Message> {
  return api.post<Message>(
    `/api/conversations/${encodeURIComponent(conversationId)}/drafts/${encodeURIComponent(draftId)}/approve`,
    text === undefined ? {} : { text },
  );
}
