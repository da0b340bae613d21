export type MailboxTransport = 'smtp' | 'sendgrid';
export type MailboxStatus = 'active' | 'paused';

/** `GET /api/mailboxes`: secrets are never returned, only whether they are stored. */
export interface Mailbox {
  id: string;
  address: string;
  display_name: string | null;
  transport: MailboxTransport;
  has_smtp_url: boolean;
  has_sendgrid_api_key: boolean;
  has_imap_url: boolean;
  daily_cap: number;
  ramp_start: number;
  ramp_increment: number;
  /** Today's cap after the warm-up ramp. */
  cap_today: number;
  sent_today: number;
  status: MailboxStatus;
  /** Why the mailbox was paused (e.g. the bounce rate), when it was. */
  paused_reason: string | null;
  created_at: number;
}

/** `POST /api/mailboxes` / `PATCH /api/mailboxes/{id}`: only given fields change. */
export interface MailboxInput {
  address?: string;
  display_name?: string | null;
  transport?: MailboxTransport;
  smtp_url?: string;
  sendgrid_api_key?: string;
  /** `null` removes the stored IMAP URL. */
  imap_url?: string | null;
  daily_cap?: number;
  ramp_start?: number;
  ramp_increment?: number;
  status?: MailboxStatus;
}

export interface MailboxTestResult {
  ok: boolean;
  error: string | null;
}
