import { isApiError } from '@/lib/api/ApiError';

/** The send gate's stable codes (docs/channels-messaging.md). */
export const SEND_BLOCK_CODES = [
  'do_not_contact',
  'no_address',
  'invalid_address',
  'suppressed',
  'consent_revoked',
  'template_not_approved',
  'whatsapp_window',
  'quiet_hours',
] as const;
export type SendBlockCode = (typeof SEND_BLOCK_CODES)[number];

/** Why a send did not go (or waits): the gate's code, its own sentence, and when it lifts by itself. */
export interface SendBlock {
  code: SendBlockCode;
  reason: string;
  /** Epoch ms when a quiet-hours hold lifts. */
  retryAt: number | null;
}

/** A headline in plain words for each code, and what a person can do about it. */
export const SEND_BLOCK_TEXT: Record<SendBlockCode, { title: string; action: string }> = {
  do_not_contact: { title: 'This lead is marked do-not-contact', action: 'Nothing is sent on any channel until someone clears the flag on the lead.' },
  no_address: { title: 'No address for this channel', action: 'Add the missing email address or phone number to the lead, or pick another channel.' },
  invalid_address: { title: 'The email address bounced', action: 'Correct the lead’s email address, or reach them on another channel.' },
  suppressed: { title: 'The address is on the suppression list', action: 'They unsubscribed, replied STOP, bounced or asked to be erased; this address can no longer be contacted.' },
  consent_revoked: { title: 'The lead withdrew consent for this channel', action: 'They must opt in again (for SMS, by replying START) before you can send here.' },
  template_not_approved: { title: 'This WhatsApp template is not approved', action: 'Only approved templates can be sent. Check its state in Settings → WhatsApp templates.' },
  whatsapp_window: { title: 'The 24-hour WhatsApp window is closed', action: 'Free-form messages are allowed only within 24 hours of the lead’s last WhatsApp message. Send an approved template instead.' },
  quiet_hours: { title: 'Held for quiet hours', action: 'SMS, WhatsApp and calls go out only between 08:00 and 21:00 in the lead’s local time.' },
};

function isBlockCode(value: unknown): value is SendBlockCode {
  return typeof value === 'string' && (SEND_BLOCK_CODES as readonly string[]).includes(value);
}

/** The block behind a refused send (422 with a gate code), or null for any other failure. */
export function sendBlockFromError(error: unknown): SendBlock | null {
  if (!isApiError(error) || !isBlockCode(error.code)) return null;
  const details = error.details ?? {};
  const reason = typeof details.reason === 'string' ? details.reason : error.message;
  const retryAt = typeof details.retry_at === 'number' ? details.retry_at : null;
  return { code: error.code, reason, retryAt };
}

/** The `held` part of an accepted send that waits (quiet hours). */
export function sendBlockFromHeld(held: { code: string; reason: string; retry_at: number | null } | null | undefined): SendBlock | null {
  if (!held || !isBlockCode(held.code)) return null;
  return { code: held.code, reason: held.reason, retryAt: held.retry_at };
}

/** A draft's `blocked_reason` or a message's `error` as the server records it: `code: reason`. */
export function parseBlockedReason(text: string | null | undefined): SendBlock | null {
  if (!text) return null;
  const at = text.indexOf(': ');
  const code = at > 0 ? text.slice(0, at) : text;
  if (!isBlockCode(code)) return null;
  return { code, reason: at > 0 ? text.slice(at + 2) : '', retryAt: null };
}

/** The zone the server named in a quiet-hours reason: "… local time (America/New_York); held …". */
export function zoneFromReason(reason: string): string | null {
  return /local time \(([A-Za-z_]+\/[A-Za-z_/+-]+)/.exec(reason)?.[1] ?? null;
}

/** "Tue, Jun 17, 08:00" in the given IANA zone (the viewer's when absent); null for an unknown zone. */
export function formatInZone(epochMs: number, timeZone?: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(epochMs);
  } catch {
    return null;
  }
}

/**
 * When a held message goes out, in the lead's time and the viewer's:
 * "Tue, Jun 17, 08:00 for the lead (America/New_York) · Tue, Jun 17, 14:00 your time".
 */
export function describeRelease(retryAt: number, leadZone: string | null, viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  const yours = formatInZone(retryAt, viewerZone) ?? new Date(retryAt).toISOString();
  const theirs = leadZone ? formatInZone(retryAt, leadZone) : null;
  if (!theirs || leadZone === viewerZone) return `${yours} your time`;
  return `${theirs} for the lead (${leadZone}) · ${yours} your time`;
}
