import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import type { Me } from '@/modules/auth/types/auth';
import { useLiveStore } from '../stores/useLiveStore';
import type { Conversation, ConversationDetail, ConversationFilters, Message } from '../types/conversation';
import type { ServerEvent } from '../types/realtimeEvents';
import { findConversation, matchesFilters, placeConversation, type ConversationListData } from './conversationLists';
import { applyMessageStatus, upsertMessage, type MessagesData } from './messageCache';

type LiveStore = typeof useLiveStore;

function meId(queryClient: QueryClient): string | null {
  return queryClient.getQueryData<Me>(queryKeys.me)?.user.id ?? null;
}

/**
 * Move (or drop) a conversation in every cached list according to that list's filters. The
 * conversation open in this tab stays listed even when it stops matching (reading it clears
 * "unread", taking over changes "mode") so it doesn't vanish under the reader.
 */
export function placeInLists(queryClient: QueryClient, conversation: Conversation, viewing: string | null = useLiveStore.getState().viewing): void {
  const me = meId(queryClient);
  for (const query of queryClient.getQueryCache().findAll({ queryKey: queryKeys.conversations.lists })) {
    const filters = query.queryKey[2] as ConversationFilters | undefined;
    const data = query.state.data as ConversationListData | undefined;
    if (!filters || !data) continue;
    let verdict = matchesFilters(conversation, filters, me);
    if (verdict === false && conversation.id === viewing) verdict = null;
    const next = placeConversation(data, conversation, verdict);
    if (next !== data) queryClient.setQueryData(query.queryKey, next);
  }
}

function findInLists(queryClient: QueryClient, id: string): Conversation | undefined {
  for (const [, data] of queryClient.getQueriesData<ConversationListData>({ queryKey: queryKeys.conversations.lists })) {
    const hit = findConversation(data, id);
    if (hit) return hit;
  }
  const detail = queryClient.getQueryData<ConversationDetail>(queryKeys.conversations.detail(id));
  return detail ?? undefined;
}

/** Update a conversation everywhere it is cached: its detail and every list. */
export function putConversation(queryClient: QueryClient, conversation: Conversation | ConversationDetail): void {
  // Lists hold summaries only; a detail passed in (e.g. a rollback) loses its drafts and lead.
  const { drafts: _drafts, lead_detail: _lead, ...summary } = conversation as ConversationDetail;
  queryClient.setQueryData<ConversationDetail>(queryKeys.conversations.detail(summary.id), (old) => (old ? { ...old, ...summary } : old));
  placeInLists(queryClient, summary);
}

/**
 * A new message moves its conversation up and updates its preview — unless the summary
 * already reflects it (a `conversation.updated` may arrive first). Unread counts only grow
 * for inbound messages; the server's next summary is authoritative either way.
 */
function bumpConversation(queryClient: QueryClient, message: Message, viewing: boolean): boolean {
  const current = findInLists(queryClient, message.conversation_id);
  if (!current) return false;
  if (current.last_message_at > message.created_at) return true;
  if (current.last_message_at === message.created_at && current.last_message_preview === message.text) return true;
  const next: Conversation = {
    ...current,
    last_message_at: message.created_at,
    last_message_preview: message.text,
    last_channel: message.channel,
    last_direction: message.direction,
    unread: message.direction === 'inbound' && !viewing ? current.unread + 1 : current.unread,
  };
  putConversation(queryClient, next);
  return true;
}

export interface ApplyContext {
  queryClient: QueryClient;
  store?: LiveStore;
  /** The conversation open in this tab, if any (its inbound messages don't count as unread). */
  viewingConversationId?: string | null;
  now?: number;
}

/** Feed one server event into the query caches and the live store. */
export function applyRealtimeEvent(event: ServerEvent, { queryClient, store = useLiveStore, viewingConversationId, now = Date.now() }: ApplyContext): void {
  const live = store.getState();
  if (viewingConversationId === undefined) viewingConversationId = live.viewing;
  switch (event.type) {
    case 'message.created': {
      const { message } = event;
      const id = message.conversation_id ?? event.conversation_id;
      queryClient.setQueryData<MessagesData>(queryKeys.conversations.messages(id), (data) => upsertMessage(data, { ...message, conversation_id: id }));
      if (event.conversation?.id && event.conversation.lead) {
        // The server's summary after this message: authoritative, so no guessing from the message.
        putConversation(queryClient, event.conversation);
      } else if (!bumpConversation(queryClient, { ...message, conversation_id: id }, viewingConversationId === id)) {
        // A conversation no list has seen yet: let the lists fetch it in the right place.
        void queryClient.invalidateQueries({ queryKey: queryKeys.conversations.lists });
      }
      if (message.author.kind === 'ai') {
        live.clearTyping(id, 'ai');
        // The message an approved or autonomous draft became replaces the draft card.
        for (const draft of Object.values(live.drafts[id] ?? {})) {
          if ((message.draft_id && draft.id === message.draft_id) || draft.text.trim() === message.text.trim()) live.removeDraft(id, draft.id);
        }
      } else if (message.author.kind === 'human') {
        const typing = live.typing[id] ?? [];
        const author = message.author;
        if (author.user_id && typing.some((t) => t.who.kind === 'human' && t.who.user_id === author.user_id)) {
          store.setState((s) => ({ typing: { ...s.typing, [id]: (s.typing[id] ?? []).filter((t) => !(t.who.kind === 'human' && t.who.user_id === author.user_id)) } }));
        }
      }
      return;
    }
    case 'message.status':
      queryClient.setQueryData<MessagesData>(queryKeys.conversations.messages(event.conversation_id), (data) =>
        applyMessageStatus(data, event.message_id, event.status, event.error ?? null),
      );
      return;
    case 'conversation.updated':
      // A summary without its lead can't be drawn in a list; refetch instead of guessing.
      if (!event.conversation?.id || !event.conversation.lead) {
        resyncConversations(queryClient);
        return;
      }
      putConversation(queryClient, event.conversation);
      if (event.conversation.mode === 'human') live.dropStreaming(event.conversation.id);
      return;
    case 'draft.delta':
      live.appendDelta(event.conversation_id, event.draft_id, event.delta, now);
      return;
    case 'draft.ready':
      live.putDraft(event.draft);
      live.clearTyping(event.conversation_id, 'ai');
      return;
    case 'draft.approved':
    case 'draft.discarded':
    case 'draft.cancelled':
      live.removeDraft(event.conversation_id, event.draft_id);
      live.clearTyping(event.conversation_id, 'ai');
      queryClient.setQueryData<ConversationDetail>(queryKeys.conversations.detail(event.conversation_id), (old) =>
        old ? { ...old, drafts: old.drafts.filter((d) => d.id !== event.draft_id) } : old,
      );
      return;
    case 'typing':
      live.setTyping(event.conversation_id, event.who, now);
      return;
    case 'presence':
      live.setPresence(event.conversation_id, event.viewers ?? []);
      return;
    case 'resync':
      resyncConversations(queryClient);
      return;
    case 'alert.created':
      void queryClient.invalidateQueries({ queryKey: queryKeys.alerts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookEndpoints });
      return;
    default:
      return;
  }
}

/** Events were missed (a `resync`, or a reconnect): refetch whatever the inbox shows. */
export function resyncConversations(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: queryKeys.conversations.all });
}
