import { api } from '@/lib/api/api';

/** Ask the AI for a draft; it streams in over the WebSocket and is never sent by itself. */
export function requestSuggestion(conversationId: string): Promise<{ draft_id: string }> {
  return api.post<{ draft_id: string }>(`/api/conversations/${encodeURIComponent(conversationId)}/suggest`);
}
