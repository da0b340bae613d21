import type { ConversationFilters } from '../types/conversation';

export const EMPTY_CONVERSATION_FILTERS: ConversationFilters = { channel: '', status: '', mode: '', assignee: '', unread: '', q: '' };

export function activeFilterCount(f: ConversationFilters): number {
  return [f.channel, f.status, f.mode, f.assignee, f.unread].filter(Boolean).length;
}
