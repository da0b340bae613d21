import { CHANNELS, type Channel, type ConsentStatus, type Lead, type LeadInput, type Stage } from '../types/lead';

/** The lead form's state: plain strings for inputs, so empty means "not set". */
export interface LeadFormValues {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  title: string;
  company_name: string;
  stage: Stage;
  owner_id: string;
  tags: string;
  timezone: string;
  do_not_contact: boolean;
  consents: Record<Channel, ConsentStatus>;
  custom_fields: { key: string; value: string }[];
}

export const emptyLeadForm: LeadFormValues = {
  first_name: '',
  last_name: '',
  email: '',
  phone: '',
  title: '',
  company_name: '',
  stage: 'lead',
  owner_id: '',
  tags: '',
  timezone: '',
  do_not_contact: false,
  consents: { email: 'unknown', sms: 'unknown', whatsapp: 'unknown', voice: 'unknown', linkedin: 'unknown' },
  custom_fields: [],
};

/** "vip, Enterprise ,vip,, q3" → ["vip", "Enterprise", "q3"] (trimmed, de-duplicated, order kept). */
export function parseTags(input: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of input.split(',')) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

export function leadToFormValues(lead: Lead): LeadFormValues {
  const consents = { ...emptyLeadForm.consents };
  for (const c of CHANNELS) consents[c] = lead.consents?.[c]?.status ?? 'unknown';
  return {
    first_name: lead.first_name ?? '',
    last_name: lead.last_name ?? '',
    email: lead.email ?? '',
    phone: lead.phone ?? '',
    title: lead.title ?? '',
    company_name: lead.company?.name ?? '',
    stage: lead.stage,
    owner_id: lead.owner?.id ?? '',
    tags: lead.tags.join(', '),
    timezone: lead.timezone ?? '',
    do_not_contact: lead.do_not_contact,
    consents,
    custom_fields: Object.entries(lead.custom_fields ?? {}).map(([key, value]) => ({ key, value: String(value) })),
  };
}

/** Keep numbers and booleans typed when the original value was typed that way. */
function coerceCustom(value: string, original: unknown): string | number | boolean {
  if (typeof original === 'number' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (typeof original === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

const TEXT_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'title', 'timezone'] as const;

/**
 * Turn form values into a LeadInput. Without `original` it's a create payload (empty fields
 * omitted). With `original` it's a PATCH: only changed fields, and a cleared field is sent as
 * `null` so the server clears it.
 */
export function formValuesToInput(values: LeadFormValues, original?: Lead): LeadInput {
  const input: LeadInput = {};
  const before = original ? leadToFormValues(original) : null;

  for (const key of TEXT_FIELDS) {
    const v = values[key].trim();
    if (!before) {
      if (v) input[key] = v;
    } else if (v !== before[key].trim()) {
      input[key] = v || null;
    }
  }

  const company = values.company_name.trim();
  if (!before) {
    if (company) input.company_name = company;
  } else if (company !== before.company_name.trim()) {
    if (company) input.company_name = company;
    else input.company_id = null;
  }

  if (!before || values.stage !== before.stage) input.stage = values.stage;
  if (!before) {
    if (values.owner_id) input.owner_id = values.owner_id;
  } else if (values.owner_id !== before.owner_id) {
    input.owner_id = values.owner_id || null;
  }

  const tags = parseTags(values.tags);
  if (!before) {
    if (tags.length) input.tags = tags;
  } else if (tags.join('\u0000') !== parseTags(before.tags).join('\u0000')) {
    input.tags = tags;
  }

  if (!before ? values.do_not_contact : values.do_not_contact !== before.do_not_contact) {
    input.do_not_contact = values.do_not_contact;
  }

  const consents: LeadInput['consents'] = {};
  for (const c of CHANNELS) {
    const changed = before ? values.consents[c] !== before.consents[c] : values.consents[c] !== 'unknown';
    if (changed) consents[c] = { status: values.consents[c], source: 'manual' };
  }
  if (Object.keys(consents).length) input.consents = consents;

  const custom: Record<string, string | number | boolean> = {};
  for (const { key, value } of values.custom_fields) {
    const k = key.trim();
    if (!k) continue;
    custom[k] = coerceCustom(value, original?.custom_fields?.[k]);
  }
  if (!before) {
    if (Object.keys(custom).length) input.custom_fields = custom;
  } else {
    const prev = original?.custom_fields ?? {};
    const sameKeys = Object.keys(custom).length === Object.keys(prev).length;
    const same = sameKeys && Object.entries(custom).every(([k, v]) => prev[k] === v);
    if (!same) input.custom_fields = custom;
  }

  return input;
}

/** Client-side checks that save a round trip; the server stays the source of truth. */
export function validateLeadForm(values: LeadFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const email = values.email.trim();
  const phone = values.phone.trim();
  if (!email && !phone) {
    errors.email = 'Add an email or a phone number.';
  } else if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    errors.email = 'Enter a valid email address, like name@company.com.';
  }
  const keys = values.custom_fields.map((f) => f.key.trim()).filter(Boolean);
  if (new Set(keys).size !== keys.length) errors.custom_fields = 'Each custom field needs a different name.';
  return errors;
}
