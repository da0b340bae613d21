import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Lead } from '../types/lead';
import { ConsentList } from './ConsentList';

const unknown = { status: 'unknown' as const, source: null, updated_at: null };

const lead: Lead = {
  id: 'l1',
  first_name: 'Sam',
  last_name: 'Box',
  full_name: 'Sam Box',
  email: 'sam@x.io',
  phone: '+12125550302',
  title: null,
  company: null,
  stage: 'contacted',
  tags: [],
  owner: null,
  timezone: 'America/New_York',
  do_not_contact: false,
  email_status: 'valid',
  consents: {
    email: { status: 'granted', source: 'web form', updated_at: '2026-11-01T10:00:00Z' },
    sms: { status: 'revoked', source: 'sms keyword', evidence: 'msg-0193-stop', updated_at: '2026-11-30T12:00:00Z' },
    whatsapp: unknown,
    voice: unknown,
    linkedin: unknown,
  },
  custom_fields: {},
  source: null,
  created_at: '2026-11-01T10:00:00Z',
  updated_at: '2026-11-30T12:00:00Z',
};

describe('ConsentList', () => {
  it('shows each channel with its source, and the evidence where there is one', () => {
    render(<ConsentList lead={lead} />);
    const rows = screen.getAllByTestId('consent');
    const sms = rows.find((row) => row.dataset.channel === 'sms');
    const email = rows.find((row) => row.dataset.channel === 'email');
    expect(sms?.dataset.status).toBe('revoked');
    expect(within(sms!).getByText(/via sms keyword/i)).toBeInTheDocument();
    expect(within(sms!).getByTestId('consent-evidence')).toHaveTextContent('Evidence: msg-0193-stop');
    expect(within(email!).queryByTestId('consent-evidence')).toBeNull();
    expect(rows.find((row) => row.dataset.channel === 'voice')).toHaveTextContent('No record');
  });
});
