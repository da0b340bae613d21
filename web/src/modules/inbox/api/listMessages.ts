import { api } from '@/lib/api/api';
import type { MessagePage } from '../types/conversation';

/** One page of a thread, oldest first; `before` pages back from a message id. */
export function listMessages(conversationId: string, before: string | undefined, limit: number, signal?: AbortSignal): Promise<MessagePage> {
  return api.get<MessagePage>(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, { query: { before, limit }, signal });
}
