import { describe, expect, it } from 'vitest';
import type { Mailbox } from '../types/mailbox';
import { mailboxFormValues, mailboxInput } from './mailboxForm';

const saved: Mailbox = {
  id: 'mb1',
  address: 'ann@acme.example',
  display_name: 'Ann',
  transport: 'smtp',
  has_smtp_url: true,
  has_sendgrid_api_key: false,
  has_imap_url: true,
  daily_cap: 200,
  ramp_start: 20,
  ramp_increment: 10,
  cap_today: 40,
  sent_today: 3,
  status: 'paused',
  paused_reason: 'bounce rate 6%',
  created_at: 0,
};

describe('mailboxInput', () => {
  it('creates with every field, secrets included, and numbers parsed', () => {
    const values = { ...mailboxFormValues(), address: ' bob@acme.example ', smtp_url: 'smtp://u:p@smtp.acme.example:587', daily_cap: '120' };
    expect(mailboxInput(values)).toEqual({
      errors: null,
      input: { address: 'bob@acme.example', display_name: null, transport: 'smtp', smtp_url: 'smtp://u:p@smtp.acme.example:587', daily_cap: 120, ramp_start: 20, ramp_increment: 10 },
    });
  });

  it('requires the credentials of the chosen transport when creating', () => {
    const result = mailboxInput({ ...mailboxFormValues(), address: 'bob@acme.example', transport: 'sendgrid' });
    expect(result.errors).toEqual({ sendgrid_api_key: expect.stringContaining('SendGrid API key') });
  });

  it('names every bad field at once', () => {
    const result = mailboxInput({ ...mailboxFormValues(), address: 'not-an-address', smtp_url: 'http://x', daily_cap: '-1', ramp_start: '2.5', imap_url: 'ftp://x' });
    expect(Object.keys(result.errors ?? {}).sort()).toEqual(['address', 'daily_cap', 'imap_url', 'ramp_start', 'smtp_url']);
  });

  it('edits send only what changed and keep stored secrets', () => {
    const values = { ...mailboxFormValues(saved), daily_cap: '300', status: 'active' as const };
    expect(mailboxInput(values, saved)).toEqual({ errors: null, input: { daily_cap: 300, status: 'active' } });
  });

  it('removes the IMAP URL only when asked', () => {
    expect(mailboxInput({ ...mailboxFormValues(saved), remove_imap: true }, saved).input).toEqual({ imap_url: null });
    expect(mailboxInput(mailboxFormValues(saved), saved).input).toEqual({});
  });
});
