import type { InfiniteData } from '@tanstack/react-query';
import type { Message, MessagePage, MessageStatus } from '../types/conversation';

export type MessagesData = InfiniteData<MessagePage, string | undefined>;

/** Outbound progress; a status only ever moves to a higher rank ("a late sent never overwrites delivered"). */
const RANK: Record<MessageStatus, number> = { received: 0, queued: 1, sending: 2, sent: 3, task_open: 4, failed: 5, delivered: 6, read: 7 };

export function statusMovesForward(current: MessageStatus, next: MessageStatus): boolean {
  return RANK[next] > RANK[current];
}

export const OPTIMISTIC_PREFIX = 'optimistic:';

export function isOptimistic(message: Message): boolean {
  return message.id.startsWith(OPTIMISTIC_PREFIX);
}

function mergeMessage(existing: Message, incoming: Message): Message {
  const status = statusMovesForward(existing.status, incoming.status) ? incoming.status : existing.status;
  return { ...existing, ...incoming, status, error: status === incoming.status ? incoming.error : existing.error, pending: false };
}

/** Oldest → newest across loaded pages (pages[0] is the newest page). */
export function flattenMessages(data: InfiniteData<MessagePage, unknown> | undefined): Message[] {
  if (!data) return [];
  const out: Message[] = [];
  for (let i = data.pages.length - 1; i >= 0; i--) out.push(...data.pages[i].items);
  return out;
}

function mapPages(data: MessagesData, fn: (items: Message[]) => Message[] | null): MessagesData | null {
  let changed = false;
  const pages = data.pages.map((page) => {
    const next = fn(page.items);
    if (!next) return page;
    changed = true;
    return { ...page, items: next };
  });
  return changed ? { ...data, pages } : null;
}

/**
 * Put a server message into the thread: merge it when the id is known, take the place of the
 * optimistic copy it confirms (same direction, channel and text), else insert it in time order
 * into the newest page. Unloaded threads stay unloaded (the fetch will bring the message).
 */
export function upsertMessage(data: MessagesData | undefined, message: Message, replaceId?: string): MessagesData | undefined {
  if (!data) return data;
  const byId = mapPages(data, (items) => {
    const idx = items.findIndex((m) => m.id === message.id);
    if (idx === -1) return null;
    const next = items.slice();
    next[idx] = mergeMessage(items[idx], message);
    return next;
  });
  if (byId) {
    // The WebSocket may have delivered the real message before the POST answered.
    return replaceId ? (removeMessage(byId, replaceId) ?? byId) : byId;
  }
  const matches = (m: Message) =>
    replaceId
      ? m.id === replaceId
      : isOptimistic(m) && m.direction === message.direction && (m.channel === message.channel || m.direction === 'note') && m.text === message.text;
  let replaced = false;
  const swapped = mapPages(data, (items) => {
    if (replaced) return null;
    const idx = items.findIndex(matches);
    if (idx === -1) return null;
    replaced = true;
    const next = items.slice();
    next[idx] = { ...message, status: statusMovesForward(items[idx].status, message.status) ? message.status : items[idx].status, pending: false };
    return next;
  });
  if (swapped) return swapped;
  const [newest, ...rest] = data.pages;
  const items = newest ? newest.items.slice() : [];
  let at = items.length;
  while (at > 0 && items[at - 1].created_at > message.created_at) at--;
  items.splice(at, 0, message);
  return { ...data, pages: [{ ...(newest ?? { has_more: false }), items }, ...rest] };
}

export function removeMessage(data: MessagesData | undefined, id: string): MessagesData | undefined {
  if (!data) return data;
  return mapPages(data, (items) => (items.some((m) => m.id === id) ? items.filter((m) => m.id !== id) : null)) ?? data;
}

/** Apply a `message.status` event; ignored when it would move the status backwards. */
export function applyMessageStatus(data: MessagesData | undefined, id: string, status: MessageStatus, error: string | null): MessagesData | undefined {
  if (!data) return data;
  return (
    mapPages(data, (items) => {
      const idx = items.findIndex((m) => m.id === id);
      if (idx === -1 || !statusMovesForward(items[idx].status, status)) return null;
      const next = items.slice();
      next[idx] = { ...items[idx], status, error };
      return next;
    }) ?? data
  );
}
