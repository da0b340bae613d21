import type { Lead } from '@/modules/leads/types/lead';
import type { Conversation, Message } from '../types/conversation';

/** Builders for unit tests (not shipped code paths). */
export function conversation(id: string, at: number, patch: Partial<Conversation> = {}): Conversation {
  return {
    id,
    lead_id: `lead-${id}`,
    lead: { id: `lead-${id}`, full_name: `Lead ${id}`, email: `${id}@example.com`, phone: null, company_name: null, stage: 'contacted' },
    mode: 'ai',
    status: 'open',
    assignee_id: null,
    agent_id: null,
    unread: 0,
    last_message_at: at,
    last_message_preview: 'hi',
    last_channel: 'sandbox',
    last_direction: 'inbound',
    pending_draft: false,
    created_at: 0,
    updated_at: at,
    ...patch,
  };
}

export function message(id: string, at: number, patch: Partial<Message> = {}): Message {
  return {
    id,
    conversation_id: 'c1',
    lead_id: 'lead-c1',
    direction: 'inbound',
    channel: 'sandbox',
    author: { kind: 'lead' },
    subject: null,
    text: `text ${id}`,
    status: 'received',
    error: null,
    created_at: at,
    ...patch,
  };
}

export function lead(patch: Partial<Lead> = {}): Lead {
  const none = { status: 'unknown' as const, source: null, updated_at: null };
  return {
    id: 'lead-c1',
    first_name: 'Ada',
    last_name: 'Lovelace',
    full_name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+12125550100',
    title: null,
    company: null,
    stage: 'contacted',
    tags: [],
    owner: null,
    timezone: null,
    do_not_contact: false,
    email_status: 'unknown',
    consents: { email: none, sms: none, whatsapp: none, voice: none, linkedin: none },
    custom_fields: {},
    source: null,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    ...patch,
  };
}
