import { api } from '@/lib/api/api';
import type { Conversation } from '../types/conversation';

export function assignConversation(conversationId: string, userId: string | null): Promise<Conversation> {
  return api.post<Conversation>(`/api/conversations/${encodeURIComponent(conversationId)}/assign`, { user_id: userId });
}
