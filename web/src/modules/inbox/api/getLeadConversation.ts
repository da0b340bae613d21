import { api } from '@/lib/api/api';
import type { ConversationDetail } from '../types/conversation';

/** The lead's conversation, created on first use. */
export function getLeadConversation(leadId: string): Promise<ConversationDetail> {
  return api.get<ConversationDetail>(`/api/leads/${encodeURIComponent(leadId)}/conversation`);
}
