import { api } from '@/lib/api/api';
import type { Message, MessageChannel } from '../types/conversation';

export interface SendMessageInput {
  channel: MessageChannel;
  text?: string;
  subject?: string;
  template_id?: string;
  /** WhatsApp: an approved template, sent by its ContentSid. */
  whatsapp_template_id?: string;
  /** Values of the WhatsApp template's placeholders: `{"1": "Ada"}`. */
  template_variables?: Record<string, string>;
}

/** An accepted send; `held` when quiet hours keep it queued until the window opens. */
export interface SentMessage extends Message {
  held?: { code: string; reason: string; retry_at: number | null };
}

export function sendMessage(conversationId: string, input: SendMessageInput): Promise<SentMessage> {
  return api.post<SentMessage>(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, input);
}
