import { api } from '@/lib/api/api';
import type { ConversationFilters, ConversationPage } from '../types/conversation';

export function listConversations(filters: ConversationFilters, cursor: string | undefined, limit: number, signal?: AbortSignal): Promise<ConversationPage> {
  return api.get<ConversationPage>('/api/conversations', { query: { ...filters, limit, cursor }, signal });
}
