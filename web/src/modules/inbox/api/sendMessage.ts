import { api } from '@/lib/api/api';
import type { Message, MessageChannel } from '../types/conversation';

export interface SendMessageInput {
  channel: MessageChannel;
  text?: string;
  subject?: string;
  template_id?: string;
}

export function sendMessage(conversationId: string, input: SendMessageInput): Promise<Message> {
  return api.post<Message>(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, input);
}
