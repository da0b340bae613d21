import { api } from '@/lib/api/api';
import type { ConversationDetail } from '../types/conversation';

export function getConversation(id: string, signal?: AbortSignal): Promise<ConversationDetail> {
  return api.get<ConversationDetail>(`/api/conversations/${encodeURIComponent(id)}`, { signal });
}
