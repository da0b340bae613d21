import { api } from '@/lib/api/api';
import type { Message } from '../types/conversation';

export function addNote(conversationId: string, text: string): Promise<Message> {
  return api.post<Message>(`/api/conversations/${encodeURIComponent(conversationId)}/notes`, { text });
}
