import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryKeys } from '@/lib/queryKeys';
import { useLiveStore } from '../stores/useLiveStore';
import type { ConversationDetail, Draft } from '../types/conversation';
import { applyRealtimeEvent } from './applyRealtimeEvent';
import type { ConversationListData } from './conversationLists';
import { EMPTY_CONVERSATION_FILTERS } from './emptyFilters';
import { flattenMessages, type MessagesData } from './messageCache';
import { conversation, message } from './testFixtures';

const ALL = EMPTY_CONVERSATION_FILTERS;
const AI_ONLY = { ...EMPTY_CONVERSATION_FILTERS, mode: 'ai' as const };

function seed() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(queryKeys.me, { user: { id: 'me' }, workspace: {} });
  const list: ConversationListData = {
    pages: [{ items: [conversation('c2', 200), conversation('c1', 100, { unread: 0 })], next_cursor: null }],
    pageParams: [undefined],
  };
  queryClient.setQueryData(queryKeys.conversations.list(ALL), list);
  queryClient.setQueryData(queryKeys.conversations.list(AI_ONLY), list);
  const thread: MessagesData = { pages: [{ items: [message('m1', 100)], has_more: false }], pageParams: [undefined] };
  queryClient.setQueryData(queryKeys.conversations.messages('c1'), thread);
  const detail: ConversationDetail = { ...conversation('c1', 100), drafts: [], lead_detail: null };
  queryClient.setQueryData(queryKeys.conversations.detail('c1'), detail);
  return queryClient;
}

const listIds = (qc: QueryClient, f = ALL) => qc.getQueryData<ConversationListData>(queryKeys.conversations.list(f))!.pages.flatMap((p) => p.items.map((c) => c.id));
const draft = (patch: Partial<Draft> = {}): Draft => ({
  id: 'd1',
  conversation_id: 'c1',
  status: 'ready',
  channel: 'sandbox',
  text: 'Happy to help!',
  agent_id: 'a1',
  generator: 'offline',
  offline: true,
  in_reply_to: null,
  created_at: 1,
  updated_at: 1,
  ...patch,
});

beforeEach(() => useLiveStore.getState().reset());

describe('applyRealtimeEvent', () => {
  it('message.created appends to the thread, moves the conversation up and counts it unread', () => {
    const qc = seed();
    applyRealtimeEvent({ type: 'message.created', conversation_id: 'c1', message: message('m2', 300, { text: 'Pricing?' }) }, { queryClient: qc, viewingConversationId: null });
    expect(flattenMessages(qc.getQueryData(queryKeys.conversations.messages('c1'))).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(listIds(qc)).toEqual(['c1', 'c2']);
    const c1 = qc.getQueryData<ConversationListData>(queryKeys.conversations.list(ALL))!.pages[0].items[0];
    expect(c1).toMatchObject({ unread: 1, last_message_preview: 'Pricing?', last_message_at: 300 });
    expect(qc.getQueryData<ConversationDetail>(queryKeys.conversations.detail('c1'))!.last_message_at).toBe(300);
  });

  it('does not count a message as unread in the conversation being viewed, nor twice', () => {
    const qc = seed();
    const event = { type: 'message.created' as const, conversation_id: 'c1', message: message('m2', 300) };
    applyRealtimeEvent(event, { queryClient: qc, viewingConversationId: 'c1' });
    applyRealtimeEvent(event, { queryClient: qc, viewingConversationId: null });
    const c1 = qc.getQueryData<ConversationListData>(queryKeys.conversations.list(ALL))!.pages[0].items[0];
    expect(c1.unread).toBe(0);
    expect(flattenMessages(qc.getQueryData(queryKeys.conversations.messages('c1')))).toHaveLength(2);
  });

  it("message.created with the server's summary puts that summary, not a guess", () => {
    const qc = seed();
    const summary = conversation('c1', 300, { unread: 4, last_message_preview: 'Pricing?', status: 'open' });
    applyRealtimeEvent({ type: 'message.created', conversation_id: 'c1', message: message('m2', 300, { text: 'Pricing?' }), conversation: summary }, { queryClient: qc, viewingConversationId: null });
    expect(flattenMessages(qc.getQueryData(queryKeys.conversations.messages('c1'))).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(listIds(qc)).toEqual(['c1', 'c2']);
    const c1 = qc.getQueryData<ConversationListData>(queryKeys.conversations.list(ALL))!.pages[0].items[0];
    expect(c1).toMatchObject({ unread: 4, last_message_preview: 'Pricing?', last_message_at: 300 });
    expect(qc.getQueryState(queryKeys.conversations.list(ALL))!.isInvalidated).toBe(false);
  });

  it('a message for a conversation no list has seen makes the lists refetch', () => {
    const qc = seed();
    applyRealtimeEvent({ type: 'message.created', conversation_id: 'c9', message: message('x', 500, { conversation_id: 'c9' }) }, { queryClient: qc });
    expect(qc.getQueryState(queryKeys.conversations.list(ALL))!.isInvalidated).toBe(true);
  });

  it('conversation.updated replaces the summary everywhere and leaves lists it no longer matches', () => {
    const qc = seed();
    applyRealtimeEvent({ type: 'conversation.updated', conversation: conversation('c1', 100, { mode: 'human', assignee_id: 'me' }) }, { queryClient: qc });
    expect(qc.getQueryData<ConversationDetail>(queryKeys.conversations.detail('c1'))!.mode).toBe('human');
    expect(listIds(qc, ALL)).toEqual(['c2', 'c1']);
    expect(listIds(qc, AI_ONLY)).toEqual(['c2']);
  });

  it('keeps the conversation being read in a list it stops matching', () => {
    const qc = seed();
    useLiveStore.getState().setViewing('c1');
    applyRealtimeEvent({ type: 'conversation.updated', conversation: conversation('c1', 100, { mode: 'human' }) }, { queryClient: qc });
    expect(listIds(qc, AI_ONLY)).toEqual(['c2', 'c1']);
  });

  it('message.status moves a delivery tick forward and never back', () => {
    const qc = seed();
    applyRealtimeEvent({ type: 'message.created', conversation_id: 'c1', message: message('o1', 300, { direction: 'outbound', status: 'queued', author: { kind: 'ai' } }) }, { queryClient: qc });
    applyRealtimeEvent({ type: 'message.status', conversation_id: 'c1', message_id: 'o1', status: 'delivered', error: null }, { queryClient: qc });
    applyRealtimeEvent({ type: 'message.status', conversation_id: 'c1', message_id: 'o1', status: 'sent', error: null }, { queryClient: qc });
    const o1 = flattenMessages(qc.getQueryData(queryKeys.conversations.messages('c1'))).find((m) => m.id === 'o1');
    expect(o1!.status).toBe('delivered');
  });

  it('streams a draft token by token, then replaces it with the ready draft', () => {
    const qc = seed();
    for (const delta of ['Happy', ' to', ' help!']) applyRealtimeEvent({ type: 'draft.delta', conversation_id: 'c1', draft_id: 'd1', delta }, { queryClient: qc });
    expect(useLiveStore.getState().drafts.c1.d1).toMatchObject({ status: 'streaming', text: 'Happy to help!' });
    applyRealtimeEvent({ type: 'draft.ready', conversation_id: 'c1', draft: draft() }, { queryClient: qc });
    expect(useLiveStore.getState().drafts.c1.d1).toMatchObject({ status: 'ready', offline: true });
    // Late deltas after "ready" don't corrupt the text.
    applyRealtimeEvent({ type: 'draft.delta', conversation_id: 'c1', draft_id: 'd1', delta: 'XX' }, { queryClient: qc });
    expect(useLiveStore.getState().drafts.c1.d1.text).toBe('Happy to help!');
  });

  it('a cancelled draft disappears, and a takeover drops drafts still streaming', () => {
    const qc = seed();
    applyRealtimeEvent({ type: 'draft.delta', conversation_id: 'c1', draft_id: 'd1', delta: 'Sure' }, { queryClient: qc });
    applyRealtimeEvent({ type: 'draft.cancelled', conversation_id: 'c1', draft_id: 'd1' }, { queryClient: qc });
    expect(useLiveStore.getState().drafts.c1.d1).toBeUndefined();

    applyRealtimeEvent({ type: 'draft.delta', conversation_id: 'c1', draft_id: 'd2', delta: 'Let me' }, { queryClient: qc });
    applyRealtimeEvent({ type: 'draft.ready', conversation_id: 'c1', draft: draft({ id: 'd3' }) }, { queryClient: qc });
    applyRealtimeEvent({ type: 'conversation.updated', conversation: conversation('c1', 100, { mode: 'human' }) }, { queryClient: qc });
    expect(Object.keys(useLiveStore.getState().drafts.c1)).toEqual(['d3']);
  });

  it('the AI message a draft became replaces the draft card', () => {
    const qc = seed();
    applyRealtimeEvent({ type: 'draft.ready', conversation_id: 'c1', draft: draft() }, { queryClient: qc });
    applyRealtimeEvent(
      { type: 'message.created', conversation_id: 'c1', message: message('o1', 300, { direction: 'outbound', author: { kind: 'ai', generator: 'offline' }, text: 'Happy to help!', status: 'queued' }) },
      { queryClient: qc },
    );
    expect(useLiveStore.getState().drafts.c1.d1).toBeUndefined();
  });

  it('typing and presence land in the live store; typing expires', () => {
    const qc = seed();
    applyRealtimeEvent({ type: 'typing', conversation_id: 'c1', who: { kind: 'human', user_id: 'u2', name: 'Grace' } }, { queryClient: qc, now: 1000 });
    const [entry] = useLiveStore.getState().typing.c1;
    expect(entry.who).toMatchObject({ name: 'Grace' });
    expect(entry.until).toBeGreaterThan(1000);
    applyRealtimeEvent({ type: 'presence', conversation_id: 'c1', viewers: [{ user_id: 'u2', name: 'Grace' }] }, { queryClient: qc });
    expect(useLiveStore.getState().presence.c1).toEqual([{ user_id: 'u2', name: 'Grace' }]);
    // Grace's message ends her typing indicator.
    applyRealtimeEvent({ type: 'message.created', conversation_id: 'c1', message: message('n1', 300, { direction: 'note', author: { kind: 'human', user_id: 'u2', name: 'Grace' } }) }, { queryClient: qc });
    expect(useLiveStore.getState().typing.c1).toEqual([]);
  });

  it('resync invalidates every conversation query', () => {
    const qc = seed();
    applyRealtimeEvent({ type: 'resync', reason: 'lagging' }, { queryClient: qc });
    expect(qc.getQueryState(queryKeys.conversations.list(ALL))!.isInvalidated).toBe(true);
    expect(qc.getQueryState(queryKeys.conversations.messages('c1'))!.isInvalidated).toBe(true);
    expect(qc.getQueryState(queryKeys.conversations.detail('c1'))!.isInvalidated).toBe(true);
    expect(qc.getQueryState(queryKeys.me)!.isInvalidated).toBe(false);
  });

  it('an alert refreshes the alerts and the webhook deliveries it may concern, nothing else', () => {
    const qc = seed();
    qc.setQueryData(queryKeys.alerts, []);
    qc.setQueryData(queryKeys.webhookDeliveries('e1'), []);
    applyRealtimeEvent({ type: 'alert.created', id: 'a1', kind: 'webhook_failed', message: 'CRM failed', created_at: 1 }, { queryClient: qc });
    expect(qc.getQueryState(queryKeys.alerts)!.isInvalidated).toBe(true);
    expect(qc.getQueryState(queryKeys.webhookDeliveries('e1'))!.isInvalidated).toBe(true);
    expect(qc.getQueryState(queryKeys.conversations.list(ALL))!.isInvalidated).toBe(false);
  });
});
