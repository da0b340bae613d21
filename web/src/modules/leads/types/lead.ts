export const STAGES = ['lead', 'contacted', 'replied', 'meeting', 'negotiation', 'won', 'lost'] as const;
export type Stage = (typeof STAGES)[number];

export const CHANNELS = ['email', 'sms', 'whatsapp', 'voice', 'linkedin'] as const;
export type Channel = (typeof CHANNELS)[number];

export type ConsentStatus = 'granted' | 'revoked' | 'unknown';

export interface Consent {
  status: ConsentStatus;
  source: string | null;
  /** What shows it: the id of the lead's STOP message, a form submission, ... */
  evidence?: string | null;
  updated_at: string | null;
}

export interface Lead {
  id: string;
  first_name: string | null;
  last_name: string | null;
  full_name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  company: { id: string; name: string } | null;
  stage: Stage;
  tags: string[];
  owner: { id: string; name: string; email: string } | null;
  timezone: string | null;
  do_not_contact: boolean;
  email_status: 'unknown' | 'valid' | 'invalid';
  consents: Record<Channel, Consent>;
  custom_fields: Record<string, string | number | boolean>;
  source: string | null;
  created_at: string;
  updated_at: string;
}

export interface LeadInput {
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
  company_id?: string | null;
  company_name?: string | null;
  stage?: Stage;
  tags?: string[];
  owner_id?: string | null;
  timezone?: string | null;
  do_not_contact?: boolean;
  consents?: Partial<Record<Channel, { status: ConsentStatus; source?: string | null }>>;
  custom_fields?: Record<string, string | number | boolean>;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type SortField = 'created_at' | 'updated_at' | 'name' | 'stage' | 'company';
export type SortValue = SortField | `-${SortField}`;

/** Filters shared by the list, the export and the URL. Empty string = not set. */
export interface LeadFilters {
  q: string;
  stage: string;
  tag: string;
  owner_id: string;
  consent: string;
  do_not_contact: '' | 'true' | 'false';
  sort: SortValue;
}
