import {
  Bell,
  Flag,
  GitBranch,
  Hand,
  ListOrdered,
  Send,
  Sparkles,
  Split,
  Timer,
  UserPen,
  Webhook,
  Zap,
  type LucideIcon,
} from 'lucide-react';
import type { StepData, StepType } from '../types/graph';

/** Everything the builder knows about a step type: how it looks and what a new one holds. */
export interface StepMeta {
  label: string;
  description: string;
  icon: LucideIcon;
  /** Tailwind classes for the icon tile (tint + text colour). */
  tone: string;
  /** A fresh node's settings: every field the server requires is present. */
  defaults: () => StepData[StepType];
}

export const STEP_META: Record<StepType, StepMeta> = {
  trigger: {
    label: 'Start',
    description: 'How leads enter: manually, by CSV, a segment, an inbound message or a webhook.',
    icon: Zap,
    tone: 'bg-primary-tint text-primary-text',
    defaults: () => ({ kind: 'manual' }),
  },
  ai_generate: {
    label: 'AI write',
    description: 'An AI agent drafts a personal message for the next send step.',
    icon: Sparkles,
    tone: 'bg-violet-500/12 text-violet-600 dark:text-violet-300',
    defaults: () => ({ agent_id: null, instructions: '', channel: 'email' }),
  },
  send: {
    label: 'Send',
    description: 'Send an email, SMS or WhatsApp message, or create a LinkedIn task.',
    icon: Send,
    tone: 'bg-info-tint text-info',
    defaults: () => ({ channel: 'email', source: 'text', subject: '', body: '' }),
  },
  wait: {
    label: 'Wait',
    description: 'Pause for a fixed time, or until the next sending window.',
    icon: Timer,
    tone: 'bg-warning-tint text-warning',
    defaults: () => ({ mode: 'duration', seconds: 2 * 86_400 }),
  },
  wait_for_event: {
    label: 'Wait for event',
    description: 'Wait until the lead replies, opens, clicks or books — or a timeout passes.',
    icon: Bell,
    tone: 'bg-warning-tint text-warning',
    defaults: () => ({ events: ['reply'], timeout_seconds: 2 * 86_400 }),
  },
  decision: {
    label: 'Decision',
    description: 'Branch yes or no on what the lead did or who they are.',
    icon: GitBranch,
    tone: 'bg-success-tint text-success',
    defaults: () => ({ condition: { and: [{ '==': [{ var: 'events.replied' }, true] }] } }),
  },
  ab_split: {
    label: 'A/B split',
    description: 'Send leads down variants by weight; each lead always gets the same one.',
    icon: Split,
    tone: 'bg-success-tint text-success',
    defaults: () => ({
      variants: [
        { key: 'A', weight: 50 },
        { key: 'B', weight: 50 },
      ],
    }),
  },
  channel_fallback: {
    label: 'Channel fallback',
    description: 'Try channels in order and send on the first the lead has consented to.',
    icon: ListOrdered,
    tone: 'bg-info-tint text-info',
    defaults: () => ({ channels: ['sms', 'linkedin'], source: 'text', body: '' }),
  },
  webhook: {
    label: 'Webhook',
    description: 'Call one of your outbound webhook endpoints with the lead’s data.',
    icon: Webhook,
    tone: 'bg-muted text-muted-foreground',
    defaults: () => ({ endpoint_id: '' }),
  },
  hand_off: {
    label: 'Hand off',
    description: 'Give the conversation to an AI agent or assign it to a teammate.',
    icon: Hand,
    tone: 'bg-primary-tint text-primary-text',
    defaults: () => ({ to: 'ai' }),
  },
  update_lead: {
    label: 'Update lead',
    description: 'Change the stage, add or remove tags, set fields.',
    icon: UserPen,
    tone: 'bg-muted text-muted-foreground',
    defaults: () => ({}),
  },
  end: {
    label: 'End',
    description: 'Finish the run — count it as a goal if it converted.',
    icon: Flag,
    tone: 'bg-danger-tint text-danger',
    defaults: () => ({ outcome: 'end' }),
  },
};

/** The palette's order, grouped the way people think about a sequence. */
export const PALETTE_GROUPS: { label: string; types: StepType[] }[] = [
  { label: 'Messages', types: ['send', 'ai_generate', 'channel_fallback'] },
  { label: 'Timing', types: ['wait', 'wait_for_event'] },
  { label: 'Logic', types: ['decision', 'ab_split'] },
  { label: 'Actions', types: ['hand_off', 'update_lead', 'webhook', 'end'] },
  { label: 'Entry', types: ['trigger'] },
];
