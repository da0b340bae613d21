/** `GET /api/settings/channels/twilio` (admin only). Times are epoch ms. */
export interface TwilioHealth {
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
}

export interface TwilioSettings {
  configured: boolean;
  /** `workspace` (saved here) or `environment` (TWILIO_* for the default workspace). */
  source: 'workspace' | 'environment' | null;
  account_sid: string | null;
  /** The auth token itself is never returned. */
  auth_token_last4: string | null;
  from_number: string | null;
  messaging_service_sid: string | null;
  whatsapp_from: string | null;
  help_contact: string | null;
  messaging_webhook_url: string | null;
  status_callback_url: string | null;
  health: TwilioHealth | null;
}

/** `PUT /api/settings/channels/twilio`: omit `auth_token` to keep the stored one. */
export interface TwilioSettingsInput {
  account_sid: string;
  auth_token?: string;
  from_number?: string | null;
  messaging_service_sid?: string | null;
  whatsapp_from?: string | null;
  help_contact?: string | null;
}

export interface TwilioTestResult {
  ok: boolean;
  sid: string | null;
  status: string | null;
  error: string | null;
}
