import type { MessageChannel } from '@/modules/inbox/types/conversation';

export const TONE_KEYS = ['formality', 'warmth', 'brevity', 'enthusiasm', 'assertiveness'] as const;
export type ToneKey = (typeof TONE_KEYS)[number];
export type Tone = Record<ToneKey, number>;

export interface Persona {
  id: string;
  name: string;
  role: string | null;
  tone: Tone;
  industry_focus: string | null;
  language: string | null;
  signature: string | null;
  dos: string[];
  donts: string[];
}

export type PersonaInput = Omit<Persona, 'id'>;

export const PROVIDERS = ['auto', 'openrouter', 'mistral', 'openai', 'anthropic', 'openai_compatible', 'offline'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const AUTONOMY_LEVELS = ['draft_only', 'approve', 'autonomous'] as const;
export type Autonomy = (typeof AUTONOMY_LEVELS)[number];

export interface AgentInput {
  name: string;
  persona_id: string | null;
  provider: Provider;
  model: string;
  temperature: number;
  autonomy: Autonomy;
  channels: MessageChannel[];
  daily_limit: number;
  enabled: boolean;
}

export interface Agent extends AgentInput {
  id: string;
  created_at: number | string;
  updated_at: number | string;
  sent_today: number;
}

/** The result of `POST /api/agents/{id}/test` (and the SSE `done` event). */
export interface AgentTestResult {
  text: string;
  generator: string;
  offline: boolean;
  latency_ms: number;
  ttft_ms: number | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

export interface LlmRequest {
  id: string;
  provider: string;
  model: string;
  purpose: string;
  agent_id: string | null;
  lead_id: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
  ttft_ms: number | null;
  cost_usd: number;
  cache_hit: boolean;
  error: string | null;
  created_at: number | string;
}

/** One provider's stored configuration as reads show it (keys are write-only). */
export interface ProviderSettings {
  configured: boolean;
  last4: string | null;
  base_url?: string | null;
}

export const KEYED_PROVIDERS = ['openrouter', 'mistral', 'openai', 'anthropic', 'openai_compatible'] as const;
export type KeyedProvider = (typeof KEYED_PROVIDERS)[number];

export interface AiSettings {
  providers: Partial<Record<KeyedProvider, ProviderSettings>>;
  failover_order: KeyedProvider[];
  monthly_budget_usd: number | null;
  month_to_date_usd: number;
}

export interface AiSettingsInput {
  /** Only the providers being changed; `api_key: null` removes a key, omitted keeps it. */
  providers?: Partial<Record<KeyedProvider, { api_key?: string | null; base_url?: string | null }>>;
  failover_order?: KeyedProvider[];
  monthly_budget_usd?: number | null;
}
