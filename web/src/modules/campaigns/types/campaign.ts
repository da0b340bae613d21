/** Campaigns, runs, stats and simulations (docs/workflows.md, "Campaigns and runs"). */

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'completed' | 'archived';

export type Audience =
  | { kind: 'manual'; lead_ids: string[] }
  | { kind: 'segment'; filter: SegmentFilter }
  | { kind: 'csv'; import_id: string };

export interface SegmentFilter {
  stage?: string;
  tag?: string;
  q?: string;
  source?: string;
}

export interface Schedule {
  /** Epoch milliseconds; none = as soon as launched. */
  start_at?: number | null;
  /** e.g. "mon,tue,wed,thu,fri". */
  days?: string;
  /** Minutes after midnight in the lead's timezone. */
  start_minute?: number;
  end_minute?: number;
}

export interface Campaign {
  id: string;
  name: string;
  workflow_id: string;
  workflow_name?: string | null;
  /** The version launched runs are pinned to (null until launch). */
  workflow_version?: number | null;
  status: CampaignStatus;
  audience: Audience;
  schedule?: Schedule | null;
  daily_cap?: number | null;
  per_mailbox_daily_cap?: number | null;
  hourly_throttle?: number | null;
  created_at: string | number;
  updated_at: string | number;
}

export interface CampaignInput {
  name?: string;
  workflow_id?: string;
  audience?: Audience;
  schedule?: Schedule | null;
  daily_cap?: number | null;
  per_mailbox_daily_cap?: number | null;
  hourly_throttle?: number | null;
}

export const RUN_STATUSES = ['active', 'waiting', 'paused', 'completed', 'exited', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface StatsTotals {
  enrolled: number;
  active: number;
  waiting: number;
  paused: number;
  completed: number;
  exited: number;
  exited_by_reason: Record<string, number>;
  failed: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  replied: number;
  positive_replies: number;
  meetings: number;
}

export interface NodeStats {
  entered: number;
  succeeded: number;
  failed: number;
  waiting: number;
}

export interface CampaignStats {
  totals: StatsTotals;
  nodes: Record<string, NodeStats>;
  variants: Record<string, Record<string, { entered: number; sent: number; opened: number; replied: number }>>;
}

export interface RunSummary {
  id: string;
  campaign_id: string;
  lead_id: string;
  lead_name: string | null;
  status: RunStatus;
  current_node: string | null;
  wake_at: string | number | null;
  exit_reason: string | null;
  error: string | null;
  started_at: string | number | null;
  finished_at: string | number | null;
}

export interface NodeRun {
  node_id: string;
  node_type: string;
  status: string;
  attempt: number;
  branch: string | null;
  input: unknown;
  output: unknown;
  error: string | null;
  /** `[{"at": ms, "message"}]` from the engine. */
  log: ({ at: number; message: string } | string)[] | null;
  started_at: string | number | null;
  finished_at: string | number | null;
}

export interface Run extends RunSummary {
  workflow_id: string;
  workflow_version: number;
  node_runs: NodeRun[];
}

export type SimulationKind = 'send' | 'ai_draft' | 'decision' | 'wait' | 'blocked' | 'webhook' | 'hand_off' | 'update_lead' | 'event' | 'exit' | 'end';

export interface SimulationStep {
  at_ms: number;
  offset_seconds: number;
  node_id: string | null;
  node_type: string | null;
  kind: SimulationKind;
  summary: string;
  detail: unknown;
}

/** Overrides of the sample lead (docs/workflows.md, "simulate"). */
export interface SampleLead {
  first_name?: string;
  tags?: string[];
  timezone?: string;
  consent?: Record<string, 'granted' | 'revoked' | 'unknown'>;
}

export interface SimulationRequest {
  lead_id?: string;
  sample_lead?: boolean | SampleLead;
  outcomes?: {
    events?: { event: string; after_seconds: number; text?: string }[];
    decisions?: Record<string, 'yes' | 'no'>;
    variants?: Record<string, string>;
  };
}

export interface SimulationResult {
  steps: SimulationStep[];
  /** completed, goal, exited_<reason>, failed, stalled or horizon. */
  outcome: string;
  sends: number;
  lead: { id: string | null; name: string; sample: boolean };
  started_at_ms: number;
  finished_at_ms: number;
  workflow_version: number | null;
}
