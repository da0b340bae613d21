/** The workflow graph as stored and exchanged (docs/workflows.md, `src/workflows/graph.rs`). */

export const STEP_TYPES = [
  'trigger',
  'ai_generate',
  'send',
  'wait',
  'wait_for_event',
  'decision',
  'ab_split',
  'channel_fallback',
  'webhook',
  'hand_off',
  'update_lead',
  'end',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export type MessageChannel = 'email' | 'sms' | 'whatsapp' | 'linkedin';
export type MessageSource = 'text' | 'template' | 'previous_draft';
export type LeadEvent = 'reply' | 'open' | 'click' | 'meeting_booked';

/** JSONLogic: an object of one operator, or a literal. */
export type JsonLogic = { [operator: string]: unknown } | boolean | string | number | null;

export interface MessageFields {
  source: MessageSource;
  subject?: string;
  body?: string;
  template_id?: string;
  variables?: Record<string, string>;
}

export interface StepData {
  trigger: { kind: 'manual' | 'csv' | 'segment' | 'inbound_message' | 'webhook'; segment?: Record<string, string> };
  ai_generate: { agent_id?: string | null; instructions: string; channel: MessageChannel };
  send: MessageFields & { channel: MessageChannel; linkedin_action?: string };
  wait: { mode: 'duration'; seconds: number } | { mode: 'sending_window' };
  wait_for_event: { events: LeadEvent[]; timeout_seconds: number };
  decision: { condition: JsonLogic };
  ab_split: { variants: { key: string; weight: number }[] };
  channel_fallback: MessageFields & { channels: MessageChannel[] };
  webhook: { endpoint_id: string; body?: string };
  hand_off: { to: 'ai' | 'human'; agent_id?: string; assignee_id?: string };
  update_lead: { stage?: string; add_tags?: string[]; remove_tags?: string[]; fields?: Record<string, string> };
  end: { outcome: 'goal' | 'end' };
}

/** A node of one step type, in React Flow's own shape. */
export type GraphNodeOf<T extends StepType> = {
  id: string;
  type: T;
  position: { x: number; y: number };
  data: StepData[T];
};
export type GraphNode = { [T in StepType]: GraphNodeOf<T> }[StepType];

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** The branch the edge leaves by; missing means `out`. */
  sourceHandle?: string | null;
}

export interface ExitRules {
  reply: boolean;
  unsubscribe: boolean;
  meeting_booked: boolean;
  stage_change: boolean;
}

export interface WorkflowSettings {
  exit_on: ExitRules;
}

export interface Graph {
  format: 'omnireach.workflow';
  version: number;
  settings: WorkflowSettings;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const DEFAULT_EXIT_RULES: ExitRules = { reply: true, unsubscribe: true, meeting_booked: true, stage_change: false };
