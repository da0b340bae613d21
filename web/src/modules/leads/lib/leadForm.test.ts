import { describe, expect, it } from 'vitest';
import type { Lead } from '../types/lead';
import { emptyLeadForm, formValuesToInput, leadToFormValues, parseTags, validateLeadForm } from './leadForm';

const unknown = { status: 'unknown' as const, source: null, updated_at: null };

const lead: Lead = {
  id: 'l1',
  first_name: 'Ada',
  last_name: 'Lovelace',
  full_name: 'Ada Lovelace',
  email: 'ada@x.io',
  phone: '+442071234567',
  title: 'CTO',
  company: { id: 'c1', name: 'Analytical' },
  stage: 'contacted',
  tags: ['vip', 'uk'],
  owner: { id: 'u1', name: 'Grace', email: 'g@x.io' },
  timezone: 'Europe/London',
  do_not_contact: false,
  email_status: 'valid',
  consents: { email: { status: 'granted', source: 'form', updated_at: '2025-01-01T00:00:00Z' }, sms: unknown, whatsapp: unknown, voice: unknown, linkedin: unknown },
  custom_fields: { budget: 5000, vip: true, note: 'hi' },
  source: 'csv_import',
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
};

describe('parseTags', () => {
  it('trims, drops empties and de-duplicates case-insensitively keeping order', () => {
    expect(parseTags(' vip, Enterprise ,VIP,, q3 ')).toEqual(['vip', 'Enterprise', 'q3']);
    expect(parseTags('')).toEqual([]);
  });
});

describe('formValuesToInput (create)', () => {
  it('omits empty fields and unknown consents', () => {
    const input = formValuesToInput({ ...emptyLeadForm, email: ' a@b.co ', tags: 'x, y' });
    expect(input).toEqual({ email: 'a@b.co', stage: 'lead', tags: ['x', 'y'] });
  });
});

describe('formValuesToInput (edit)', () => {
  it('sends nothing when nothing changed', () => {
    expect(formValuesToInput(leadToFormValues(lead), lead)).toEqual({});
  });

  it('sends only changed fields and null for cleared ones', () => {
    const values = { ...leadToFormValues(lead), title: '', phone: '+12025550143', stage: 'won' as const, owner_id: '' };
    expect(formValuesToInput(values, lead)).toEqual({ title: null, phone: '+12025550143', stage: 'won', owner_id: null });
  });

  it('clears the company with company_id: null and renames it with company_name', () => {
    expect(formValuesToInput({ ...leadToFormValues(lead), company_name: '' }, lead)).toEqual({ company_id: null });
    expect(formValuesToInput({ ...leadToFormValues(lead), company_name: 'Engines Ltd' }, lead)).toEqual({ company_name: 'Engines Ltd' });
  });

  it('sends tags only when the set changed', () => {
    expect(formValuesToInput({ ...leadToFormValues(lead), tags: 'vip,  uk' }, lead)).toEqual({});
    expect(formValuesToInput({ ...leadToFormValues(lead), tags: 'vip' }, lead)).toEqual({ tags: ['vip'] });
  });

  it('sends changed consents with a manual source', () => {
    const values = leadToFormValues(lead);
    values.consents = { ...values.consents, sms: 'granted', email: 'revoked' };
    expect(formValuesToInput(values, lead).consents).toEqual({
      email: { status: 'revoked', source: 'manual' },
      sms: { status: 'granted', source: 'manual' },
    });
  });

  it('keeps custom field types and sends the whole map when one changes', () => {
    const values = leadToFormValues(lead);
    values.custom_fields = values.custom_fields.map((f) => (f.key === 'budget' ? { ...f, value: '7500' } : f));
    expect(formValuesToInput(values, lead).custom_fields).toEqual({ budget: 7500, vip: true, note: 'hi' });
    values.custom_fields = values.custom_fields.filter((f) => f.key !== 'note');
    expect(formValuesToInput(values, lead).custom_fields).toEqual({ budget: 7500, vip: true });
  });
});

describe('validateLeadForm', () => {
  it('requires an email or a phone and checks the email shape', () => {
    expect(validateLeadForm(emptyLeadForm).email).toMatch(/email or a phone/);
    expect(validateLeadForm({ ...emptyLeadForm, phone: '+12025550143' })).toEqual({});
    expect(validateLeadForm({ ...emptyLeadForm, email: 'not-an-email' }).email).toMatch(/valid email/);
  });

  it('rejects duplicate custom field names', () => {
    const errors = validateLeadForm({ ...emptyLeadForm, email: 'a@b.co', custom_fields: [{ key: 'x', value: '1' }, { key: ' x ', value: '2' }] });
    expect(errors.custom_fields).toBeDefined();
  });
});
