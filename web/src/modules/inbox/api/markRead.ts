import { api } from '@/lib/api/api';
import type { Conversation } from '../types/conversation';

export function markRead(conversationId: string): Promise<Conversation> {
  return api.post<Conversation>(`/api/conversations/${encodeURIComponent(conversationId)}/read`);
}
