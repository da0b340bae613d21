import type { Channel, Lead, Stage } from '@/modules/leads/types/lead';

/** Every channel a message can travel on: the lead channels plus the built-in sandbox. */
export type MessageChannel = Channel | 'sandbox';
export const MESSAGE_CHANNELS: MessageChannel[] = ['sandbox', 'email', 'sms', 'whatsapp', 'voice', 'linkedin'];

export type ConversationMode = 'ai' | 'human';
export type ConversationStatus = 'open' | 'closed';
export type MessageDirection = 'inbound' | 'outbound' | 'note';
/** `task_open`: a LinkedIn task a person still has to do (then `delivered`, or `failed` when skipped). */
export type MessageStatus = 'received' | 'queued' | 'sending' | 'sent' | 'task_open' | 'delivered' | 'read' | 'failed';

export interface ConversationLead {
  id: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  company_name: string | null;
  title?: string | null;
  stage: Stage;
}

/** A conversation as lists and `conversation.updated` events carry it. Times are epoch ms. */
export interface Conversation {
  id: string;
  lead_id: string;
  lead: ConversationLead;
  mode: ConversationMode;
  status: ConversationStatus;
  assignee_id: string | null;
  agent_id: string | null;
  unread: number;
  last_message_at: number;
  last_message_preview: string | null;
  last_channel: MessageChannel | null;
  last_direction: MessageDirection | null;
  pending_draft: boolean;
  created_at: number;
  updated_at: number;
}

export type DraftStatus = 'streaming' | 'ready' | 'approved' | 'discarded' | 'cancelled';

export interface Draft {
  id: string;
  conversation_id: string;
  status: DraftStatus;
  channel: MessageChannel;
  text: string;
  agent_id: string | null;
  generator: string | null;
  offline: boolean;
  in_reply_to: string | null;
  created_at: number;
  updated_at: number;
  /** Why the send gate kept this AI reply from going out (`code: reason`), if it did. */
  blocked_reason?: string | null;
}

export interface ConversationDetail extends Conversation {
  drafts: Draft[];
  lead_detail: Lead | null;
}

export type MessageAuthor =
  | { kind: 'lead' }
  | { kind: 'ai'; agent_id?: string | null; generator?: string | null; offline?: boolean }
  /** `name` is in the contract; the server may omit it, so the UI falls back to the team list. */
  | { kind: 'human'; user_id: string | null; name?: string | null }
  | { kind: 'system' };

export interface Message {
  id: string;
  conversation_id: string;
  lead_id: string;
  direction: MessageDirection;
  channel: MessageChannel;
  author: MessageAuthor;
  subject: string | null;
  text: string;
  status: MessageStatus;
  error: string | null;
  created_at: number;
  /** Set by the server when the message came from an approved AI draft (optional field). */
  draft_id?: string | null;
  /** Client-only: an optimistic insert waiting for the server's copy. */
  pending?: boolean;
}

export interface ConversationPage {
  items: Conversation[];
  next_cursor: string | null;
}

export interface MessagePage {
  items: Message[];
  has_more: boolean;
}

/** Filters of the conversation list; they live in the URL. Empty string = not set. */
export interface ConversationFilters {
  channel: '' | MessageChannel;
  status: '' | ConversationStatus;
  mode: '' | ConversationMode;
  /** `me`, `none` or a user id. */
  assignee: string;
  unread: '' | 'true';
  q: string;
}

export interface Viewer {
  user_id: string;
  name: string;
}

export type TypingWho = { kind: 'ai' } | { kind: 'human'; user_id: string; name: string };

export interface Template {
  id: string;
  name: string;
  channel: string;
  language: string | null;
  body: string;
  placeholders: string[];
  status: 'draft' | 'submitted' | 'approved' | 'rejected' | null;
}
