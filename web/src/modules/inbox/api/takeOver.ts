import { api } from '@/lib/api/api';
import type { Conversation } from '../types/conversation';

/** A human takes control: the AI stops and any generation in flight is cancelled. */
export function takeOver(conversationId: string): Promise<Conversation> {
  return api.post<Conversation>(`/api/conversations/${encodeURIComponent(conversationId)}/takeover`);
}
