import { describe, expect, it } from 'vitest';
import { EMPTY_CONVERSATION_FILTERS } from './emptyFilters';
import { matchesFilters, placeConversation, type ConversationListData } from './conversationLists';
import { conversation } from './testFixtures';

function list(pages: ReturnType<typeof conversation>[][], lastCursor: string | null = null): ConversationListData {
  return {
    pages: pages.map((items, i) => ({ items, next_cursor: i === pages.length - 1 ? lastCursor : `p${i + 1}` })),
    pageParams: pages.map((_, i) => (i ? `p${i}` : undefined)),
  };
}
const ids = (d: ConversationListData | undefined) => d?.pages.flatMap((p) => p.items.map((c) => c.id));

describe('conversation lists', () => {
  it('moves a conversation with a new message to the top', () => {
    const d = list([[conversation('a', 30), conversation('b', 20), conversation('c', 10)]]);
    expect(ids(placeConversation(d, conversation('c', 40), true))).toEqual(['c', 'a', 'b']);
  });

  it('moves across pages without duplicating', () => {
    const d = list([[conversation('a', 30), conversation('b', 20)], [conversation('c', 10), conversation('d', 5)]]);
    const next = placeConversation(d, conversation('d', 25), true);
    expect(ids(next)).toEqual(['a', 'd', 'b', 'c']);
    expect(next!.pages[0].items).toHaveLength(3);
  });

  it('drops a conversation that no longer matches the list', () => {
    const d = list([[conversation('a', 30), conversation('b', 20)]]);
    expect(ids(placeConversation(d, conversation('a', 30, { mode: 'human' }), false))).toEqual(['b']);
  });

  it('adds a newly matching conversation, but leaves one older than the loaded pages to pagination', () => {
    const d = list([[conversation('a', 30), conversation('b', 20)]], 'more');
    expect(ids(placeConversation(d, conversation('n', 25), true))).toEqual(['a', 'n', 'b']);
    expect(ids(placeConversation(d, conversation('old', 1), true))).toEqual(['a', 'b']);
    const complete = list([[conversation('a', 30)]]);
    expect(ids(placeConversation(complete, conversation('old', 1), true))).toEqual(['a', 'old']);
  });

  it('keeps an undecidable conversation where it is, without adding it', () => {
    const d = list([[conversation('a', 30), conversation('b', 20)]]);
    expect(ids(placeConversation(d, conversation('b', 40), null))).toEqual(['b', 'a']);
    expect(ids(placeConversation(d, conversation('x', 50), null))).toEqual(['a', 'b']);
  });

  it('matches the filters it can decide on the client', () => {
    const f = EMPTY_CONVERSATION_FILTERS;
    const c = conversation('a', 1, { unread: 2, assignee_id: 'me-id', mode: 'human' });
    expect(matchesFilters(c, f, 'me-id')).toBe(true);
    expect(matchesFilters(c, { ...f, mode: 'ai' }, 'me-id')).toBe(false);
    expect(matchesFilters(c, { ...f, assignee: 'me' }, 'me-id')).toBe(true);
    expect(matchesFilters(c, { ...f, assignee: 'me' }, 'someone-else')).toBe(false);
    expect(matchesFilters(c, { ...f, assignee: 'none' }, 'me-id')).toBe(false);
    expect(matchesFilters({ ...c, unread: 0 }, { ...f, unread: 'true' }, null)).toBe(false);
    expect(matchesFilters(c, { ...f, q: 'LEAD A' }, null)).toBe(true);
    expect(matchesFilters(c, { ...f, q: 'zed' }, null)).toBe(false);
    expect(matchesFilters(c, { ...f, channel: 'email' }, null)).toBeNull();
    expect(matchesFilters(c, { ...f, channel: 'sandbox' }, null)).toBe(true);
  });
});
