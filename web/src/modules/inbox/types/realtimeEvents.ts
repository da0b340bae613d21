import type { Conversation, Draft, Message, MessageStatus, TypingWho, Viewer } from './conversation';

/** Frames the server sends on `/api/ws` (docs/conversations-api.md). */
export type ServerEvent =
  | { type: 'hello'; session_id: string; user_id: string; workspace_id: string }
  | { type: 'subscribed'; conversation_id: string }
  /** `conversation`: the summary after the message, when the message changed it (no separate `conversation.updated` follows). */
  | { type: 'message.created'; conversation_id: string; message: Message; conversation?: Conversation }
  | { type: 'message.status'; conversation_id: string; message_id: string; status: MessageStatus; error: string | null }
  | { type: 'conversation.updated'; conversation: Conversation }
  | { type: 'draft.delta'; conversation_id: string; draft_id: string; delta: string }
  | { type: 'draft.ready'; conversation_id: string; draft: Draft }
  | { type: 'draft.approved' | 'draft.discarded' | 'draft.cancelled'; conversation_id: string; draft_id: string }
  | { type: 'typing'; conversation_id: string; who: TypingWho }
  | { type: 'presence'; conversation_id: string; viewers: Viewer[] }
  | { type: 'resync'; reason?: string }
  | { type: 'alert.created'; id: string; kind: string; message: string; created_at: number }
  | { type: 'pong' }
  | { type: 'error'; code: string; message?: string };

/** Frames the client sends. */
export type ClientFrame =
  | { type: 'subscribe'; conversation_id: string }
  | { type: 'unsubscribe'; conversation_id: string }
  | { type: 'typing'; conversation_id: string }
  | { type: 'ping' };
