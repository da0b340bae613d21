/** `GET /api/settings/integrations` (admin only). Secrets are write-only: only whether each is set. */
export interface IntegrationSettings {
  webhook_token: string;
  /** Paths (with `?workspace=<token>`) to append to the server's public address. */
  calendly_webhook_path: string;
  calcom_webhook_path: string;
  inbound_webhook_path: string;
  /** Replaces `{{booking_link}}` in messages and templates. */
  booking_url: string | null;
  calendly_signing_key_set: boolean;
  calcom_secret_set: boolean;
  inbound_secret_set: boolean;
  /** Receivers of our outbound webhooks verify `X-OmniReach-Signature` with this. */
  outbound_signing_secret: string | null;
  linkedin_weekly_connections: number;
  linkedin_weekly_messages: number;
  updated_at: string;
}

/** `PUT /api/settings/integrations`: absent = unchanged, `null` = cleared. */
export interface IntegrationSettingsUpdate {
  booking_url?: string | null;
  calendly_signing_key?: string | null;
  calcom_secret?: string | null;
  inbound_secret?: string | null;
  linkedin_weekly_connections?: number;
  linkedin_weekly_messages?: number;
}
