import { api } from '@/lib/api/api';
import type { Conversation, ConversationStatus } from '../types/conversation';

export function setConversationStatus(conversationId: string, status: ConversationStatus): Promise<Conversation> {
  return api.post<Conversation>(`/api/conversations/${encodeURIComponent(conversationId)}/status`, { status });
}
