export const WEBHOOK_EVENTS = ['meeting.booked', 'meeting.cancelled', 'linkedin.task.done', 'linkedin.task.skipped', 'inbound.received', 'test'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | '*';
export const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

/** `GET /api/webhooks/endpoints`: the auth token is never returned. */
export interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  method: WebhookMethod;
  headers: Record<string, string>;
  has_auth_token: boolean;
  events: WebhookEvent[];
  /** JSON pointer into the receiver's answer → lead field. */
  response_mapping: Record<string, string>;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

/** `POST` / `PATCH /api/webhooks/endpoints[/{id}]`: `auth_token: null` removes the stored token. */
export interface WebhookEndpointInput {
  name?: string;
  url?: string;
  method?: WebhookMethod;
  headers?: Record<string, string>;
  auth_token?: string | null;
  events?: WebhookEvent[];
  response_mapping?: Record<string, string>;
  enabled?: boolean;
}

export interface WebhookTestResult {
  ok: boolean;
  response_status: number | null;
  latency_ms: number;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  endpoint_id: string;
  event: string;
  idempotency_key: string;
  lead_id: string | null;
  /** `queued`, `sending`, `delivered` or `failed`. */
  state: string;
  attempts: number;
  response_status: number | null;
  latency_ms: number | null;
  last_error: string | null;
  created_at: string;
}

export interface Alert {
  id: string;
  kind: string;
  message: string;
  details: unknown;
  created_at: string;
}
