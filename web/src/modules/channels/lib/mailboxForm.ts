import type { FormResult } from '@/lib/formResult';
import type { Mailbox, MailboxInput, MailboxStatus, MailboxTransport } from '../types/mailbox';

/** What the mailbox dialog edits. Secrets start empty: they are write-only. */
export interface MailboxFormValues {
  address: string;
  display_name: string;
  transport: MailboxTransport;
  smtp_url: string;
  sendgrid_api_key: string;
  imap_url: string;
  /** Editing only: drop the stored IMAP URL (stop polling for replies). */
  remove_imap: boolean;
  daily_cap: string;
  ramp_start: string;
  ramp_increment: string;
  status: MailboxStatus;
}

export type MailboxFormField = keyof MailboxFormValues;

export function mailboxFormValues(mailbox?: Mailbox | null): MailboxFormValues {
  return {
    address: mailbox?.address ?? '',
    display_name: mailbox?.display_name ?? '',
    transport: mailbox?.transport ?? 'smtp',
    smtp_url: '',
    sendgrid_api_key: '',
    imap_url: '',
    remove_imap: false,
    daily_cap: String(mailbox?.daily_cap ?? 200),
    ramp_start: String(mailbox?.ramp_start ?? 20),
    ramp_increment: String(mailbox?.ramp_increment ?? 10),
    status: mailbox?.status ?? 'active',
  };
}

const LIMIT_FIELDS = ['daily_cap', 'ramp_start', 'ramp_increment'] as const;

/**
 * The request body for creating (`existing` absent) or editing a mailbox, or the problems to
 * fix first. An edit sends only what changed, so a stored secret is kept unless replaced.
 */
export function mailboxInput(
  values: MailboxFormValues,
  existing?: Mailbox | null,
): FormResult<MailboxInput, MailboxFormField> {
  const errors: Partial<Record<MailboxFormField, string>> = {};
  const address = values.address.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) errors.address = 'Enter the sender address, e.g. ann@acme.example.';
  const limits: Partial<Record<(typeof LIMIT_FIELDS)[number], number>> = {};
  for (const field of LIMIT_FIELDS) {
    const raw = values[field].trim();
    const n = Number(raw);
    if (raw === '' || !Number.isInteger(n) || n < 0 || n > 100_000) errors[field] = 'Use a whole number from 0 to 100,000.';
    else limits[field] = n;
  }
  const smtpUrl = values.smtp_url.trim();
  const sendgridKey = values.sendgrid_api_key.trim();
  const imapUrl = values.imap_url.trim();
  const hasSmtp = !!smtpUrl || (existing?.has_smtp_url ?? false);
  const hasSendgrid = !!sendgridKey || (existing?.has_sendgrid_api_key ?? false);
  if (values.transport === 'smtp' && !hasSmtp) errors.smtp_url = 'Paste the SMTP URL, e.g. smtp://user:password@smtp.example.com:587.';
  if (values.transport === 'sendgrid' && !hasSendgrid) errors.sendgrid_api_key = 'Paste a SendGrid API key with Mail Send access.';
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) errors.smtp_url = 'Start with smtp:// (STARTTLS) or smtps:// (TLS).';
  if (imapUrl && !/^imaps?:\/\//i.test(imapUrl)) errors.imap_url = 'Start with imaps:// (or imap:// for a local server).';
  if (Object.keys(errors).length) return { input: null, errors };

  const displayName = values.display_name.trim() || null;
  const full: MailboxInput = {
    address,
    display_name: displayName,
    transport: values.transport,
    ...limits,
    ...(smtpUrl ? { smtp_url: smtpUrl } : {}),
    ...(sendgridKey ? { sendgrid_api_key: sendgridKey } : {}),
    ...(imapUrl ? { imap_url: imapUrl } : values.remove_imap ? { imap_url: null } : {}),
  };
  if (!existing) return { input: full, errors: null };

  const input: MailboxInput = { ...full };
  if (address === existing.address) delete input.address;
  if (displayName === existing.display_name) delete input.display_name;
  if (values.transport === existing.transport) delete input.transport;
  for (const field of LIMIT_FIELDS) if (limits[field] === existing[field]) delete input[field];
  if (values.status !== existing.status) input.status = values.status;
  return { input, errors: null };
}
