import { create } from 'zustand';
import type { Draft, TypingWho, Viewer } from '../types/conversation';

/** How long a typing signal shows without a new one (the sender repeats every few seconds). */
export const TYPING_TTL_MS = 6_000;

export interface TypingEntry {
  key: string;
  who: TypingWho;
  until: number;
}

interface LiveState {
  /** Open AI drafts per conversation (streaming text grows with each `draft.delta`). */
  drafts: Record<string, Record<string, Draft>>;
  typing: Record<string, TypingEntry[]>;
  presence: Record<string, Viewer[]>;
  /** The conversation open in this tab: its inbound messages are read as they arrive. */
  viewing: string | null;
  setViewing: (conversationId: string | null) => void;
  /** Replace a conversation's drafts with the server's list, keeping longer streamed text. */
  seedDrafts: (conversationId: string, drafts: Draft[]) => void;
  appendDelta: (conversationId: string, draftId: string, delta: string, now?: number) => void;
  putDraft: (draft: Draft) => void;
  removeDraft: (conversationId: string, draftId: string) => void;
  /** Drop drafts still streaming (a takeover cancels generation in flight). */
  dropStreaming: (conversationId: string) => void;
  setTyping: (conversationId: string, who: TypingWho, now?: number) => void;
  clearTyping: (conversationId: string, kind?: TypingWho['kind']) => void;
  setPresence: (conversationId: string, viewers: Viewer[]) => void;
  reset: () => void;
}

const OPEN = new Set(['streaming', 'ready']);

export function typingKey(who: TypingWho): string {
  return who.kind === 'ai' ? 'ai' : `human:${who.user_id}`;
}

function without<T>(map: Record<string, T>, key: string): Record<string, T> {
  if (!(key in map)) return map;
  const next = { ...map };
  delete next[key];
  return next;
}

/** Live, per-conversation state fed by the WebSocket: streaming drafts, typing, presence. */
export const useLiveStore = create<LiveState>((set) => ({
  drafts: {},
  typing: {},
  presence: {},
  viewing: null,
  setViewing: (viewing) => set({ viewing }),
  seedDrafts: (conversationId, drafts) =>
    set((s) => {
      const current = s.drafts[conversationId] ?? {};
      const next: Record<string, Draft> = {};
      for (const d of drafts) {
        if (!OPEN.has(d.status)) continue;
        const live = current[d.id];
        next[d.id] = live && live.status === 'streaming' && d.status === 'streaming' && live.text.length > d.text.length ? live : d;
      }
      return { drafts: { ...s.drafts, [conversationId]: next } };
    }),
  appendDelta: (conversationId, draftId, delta, now = Date.now()) =>
    set((s) => {
      const conv = s.drafts[conversationId] ?? {};
      const existing = conv[draftId];
      if (existing && existing.status !== 'streaming') return s;
      const draft: Draft = existing
        ? { ...existing, text: existing.text + delta, updated_at: now }
        : {
            id: draftId,
            conversation_id: conversationId,
            status: 'streaming',
            channel: 'sandbox',
            text: delta,
            agent_id: null,
            generator: null,
            offline: false,
            in_reply_to: null,
            created_at: now,
            updated_at: now,
          };
      // The AI's typing signal is superseded by the draft itself.
      const typing = (s.typing[conversationId] ?? []).filter((t) => t.key !== 'ai');
      return { drafts: { ...s.drafts, [conversationId]: { ...conv, [draftId]: draft } }, typing: { ...s.typing, [conversationId]: typing } };
    }),
  putDraft: (draft) =>
    set((s) => {
      const conv = s.drafts[draft.conversation_id] ?? {};
      if (!OPEN.has(draft.status)) return { drafts: { ...s.drafts, [draft.conversation_id]: without(conv, draft.id) } };
      const existing = conv[draft.id];
      // A ready draft carries the full text; keep it rather than a shorter streamed copy.
      const merged = existing && draft.status === 'streaming' && existing.text.length > draft.text.length ? { ...draft, text: existing.text } : draft;
      return { drafts: { ...s.drafts, [draft.conversation_id]: { ...conv, [draft.id]: merged } } };
    }),
  removeDraft: (conversationId, draftId) =>
    set((s) => {
      const conv = s.drafts[conversationId];
      if (!conv || !(draftId in conv)) return s;
      return { drafts: { ...s.drafts, [conversationId]: without(conv, draftId) } };
    }),
  dropStreaming: (conversationId) =>
    set((s) => {
      const conv = s.drafts[conversationId];
      if (!conv) return s;
      const next = Object.fromEntries(Object.entries(conv).filter(([, d]) => d.status !== 'streaming'));
      return { drafts: { ...s.drafts, [conversationId]: next } };
    }),
  setTyping: (conversationId, who, now = Date.now()) =>
    set((s) => {
      const key = typingKey(who);
      const list = (s.typing[conversationId] ?? []).filter((t) => t.key !== key && t.until > now);
      return { typing: { ...s.typing, [conversationId]: [...list, { key, who, until: now + TYPING_TTL_MS }] } };
    }),
  clearTyping: (conversationId, kind) =>
    set((s) => {
      const list = s.typing[conversationId];
      if (!list?.length) return s;
      return { typing: { ...s.typing, [conversationId]: kind ? list.filter((t) => t.who.kind !== kind) : [] } };
    }),
  setPresence: (conversationId, viewers) => set((s) => ({ presence: { ...s.presence, [conversationId]: viewers } })),
  reset: () => set({ drafts: {}, typing: {}, presence: {}, viewing: null }),
}));
