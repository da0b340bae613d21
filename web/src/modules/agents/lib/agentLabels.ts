import type { Autonomy, Provider, ToneKey } from '../types/agent';

export const PROVIDER_LABELS: Record<Provider, string> = {
  auto: 'Automatic (failover order)',
  openrouter: 'OpenRouter',
  mistral: 'Mistral',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  openai_compatible: 'OpenAI-compatible (Ollama, vLLM…)',
  offline: 'Offline responder (no LLM)',
};

export const AUTONOMY_META: Record<Autonomy, { label: string; short: string; description: string }> = {
  draft_only: {
    label: 'Draft only',
    short: 'Drafts',
    description: 'Writes drafts for your team; never sends anything by itself.',
  },
  approve: {
    label: 'Approve before send',
    short: 'Approval',
    description: 'Writes replies that wait in the inbox until a person approves or edits them.',
  },
  autonomous: {
    label: 'Autonomous',
    short: 'Autonomous',
    description: 'Replies on its own within its channels and daily limit; supervisors can take over at any time.',
  },
};

export const TONE_LABELS: Record<ToneKey, [string, string, string]> = {
  formality: ['Formality', 'Casual', 'Formal'],
  warmth: ['Warmth', 'Reserved', 'Warm'],
  brevity: ['Brevity', 'Detailed', 'Brief'],
  enthusiasm: ['Enthusiasm', 'Calm', 'Enthusiastic'],
  assertiveness: ['Assertiveness', 'Gentle', 'Assertive'],
};

export function formatUsd(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === 0) return '$0';
  return `$${value < 1 ? value.toFixed(digits) : value.toFixed(2)}`;
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}
