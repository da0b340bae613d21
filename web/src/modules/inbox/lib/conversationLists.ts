import type { InfiniteData } from '@tanstack/react-query';
import type { Conversation, ConversationFilters, ConversationPage } from '../types/conversation';

export type ConversationListData = InfiniteData<ConversationPage, string | undefined>;

/** Newest activity first; ties broken by id so the order is total and stable. */
export function compareConversations(a: Conversation, b: Conversation): number {
  if (a.last_message_at !== b.last_message_at) return b.last_message_at - a.last_message_at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Whether a conversation belongs in a list with these filters, as far as the client can tell.
 * `channel` can't be decided from a summary (the server filters on any message's channel), so
 * it answers `null` = "keep it where it is" unless the latest channel matches.
 */
export function matchesFilters(c: Conversation, f: ConversationFilters, meId: string | null): boolean | null {
  if (f.status && c.status !== f.status) return false;
  if (f.mode && c.mode !== f.mode) return false;
  if (f.unread === 'true' && c.unread <= 0) return false;
  if (f.assignee === 'me' && c.assignee_id !== meId) return false;
  if (f.assignee === 'none' && c.assignee_id !== null) return false;
  if (f.assignee && f.assignee !== 'me' && f.assignee !== 'none' && c.assignee_id !== f.assignee) return false;
  if (f.q) {
    const q = f.q.trim().toLowerCase();
    const hay = [c.lead.full_name, c.lead.email, c.lead.phone].filter(Boolean).join(' ').toLowerCase();
    if (q && !hay.includes(q)) return false;
  }
  if (f.channel && c.last_channel !== f.channel) return null;
  return true;
}

/**
 * Put an updated conversation where it now belongs in one cached list: drop it when it no
 * longer matches, otherwise move it into time order. A conversation older than everything
 * loaded while more pages exist is left for pagination to bring.
 */
export function placeConversation(data: ConversationListData | undefined, c: Conversation, matches: boolean | null): ConversationListData | undefined {
  if (!data) return data;
  const present = data.pages.some((p) => p.items.some((x) => x.id === c.id));
  if (matches === false || (matches === null && !present)) {
    if (!present) return data;
    return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== c.id) })) };
  }
  const pages = data.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== c.id) }));
  const last = pages[pages.length - 1];
  const hasMore = !!last?.next_cursor;
  for (let i = 0; i < pages.length; i++) {
    const items = pages[i].items;
    const at = items.findIndex((x) => compareConversations(c, x) < 0);
    if (at !== -1) {
      const next = items.slice();
      next.splice(at, 0, c);
      pages[i] = { ...pages[i], items: next };
      return { ...data, pages };
    }
  }
  if (hasMore) return { ...data, pages };
  if (pages.length === 0) return { ...data, pages: [{ items: [c], next_cursor: null }] };
  pages[pages.length - 1] = { ...last, items: [...last.items, c] };
  return { ...data, pages };
}

export function findConversation(data: ConversationListData | undefined, id: string): Conversation | undefined {
  for (const page of data?.pages ?? []) {
    const hit = page.items.find((c) => c.id === id);
    if (hit) return hit;
  }
  return undefined;
}
