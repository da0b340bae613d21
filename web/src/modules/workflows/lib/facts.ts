import { STAGES } from '@/modules/leads/types/lead';

/** What a decision can test (docs/workflows.md, "Decision facts"). */
/** `field`: a custom field, which may hold text or numbers. */
export type FactKind = 'enum' | 'boolean' | 'text' | 'list' | 'field';

export interface Fact {
  path: string;
  label: string;
  group: string;
  kind: FactKind;
  options?: readonly string[];
}

const CONSENT = ['granted', 'revoked', 'unknown'] as const;

export const FACTS: Fact[] = [
  { path: 'events.replied', label: 'Replied', group: 'Since the run started', kind: 'boolean' },
  { path: 'events.opened', label: 'Opened an email', group: 'Since the run started', kind: 'boolean' },
  { path: 'events.clicked', label: 'Clicked a link', group: 'Since the run started', kind: 'boolean' },
  { path: 'events.meeting_booked', label: 'Booked a meeting', group: 'Since the run started', kind: 'boolean' },
  {
    path: 'reply.intent',
    label: 'Reply intent',
    group: 'Last reply',
    kind: 'enum',
    options: ['interested', 'not_interested', 'question', 'out_of_office', 'unsubscribe', 'other'],
  },
  { path: 'reply.sentiment', label: 'Reply sentiment', group: 'Last reply', kind: 'enum', options: ['positive', 'neutral', 'negative'] },
  { path: 'lead.stage', label: 'Stage', group: 'Lead', kind: 'enum', options: STAGES },
  { path: 'lead.tags', label: 'Tags', group: 'Lead', kind: 'list' },
  { path: 'lead.timezone', label: 'Timezone', group: 'Lead', kind: 'text' },
  { path: 'lead.consent.email', label: 'Email consent', group: 'Lead', kind: 'enum', options: CONSENT },
  { path: 'lead.consent.sms', label: 'SMS consent', group: 'Lead', kind: 'enum', options: CONSENT },
  { path: 'lead.consent.whatsapp', label: 'WhatsApp consent', group: 'Lead', kind: 'enum', options: CONSENT },
  { path: 'lead.consent.linkedin', label: 'LinkedIn consent', group: 'Lead', kind: 'enum', options: CONSENT },
];

/** Prefixes whose last segment the user names: a custom field or an A/B split node. */
export const CUSTOM_FIELD_PREFIX = 'lead.fields.';
export const VARIANT_PREFIX = 'run.variant.';

/** The fact for a path, including `lead.fields.<name>` and `run.variant.<node_id>`. */
export function factFor(path: string): Fact {
  const known = FACTS.find((f) => f.path === path);
  if (known) return known;
  if (path.startsWith(CUSTOM_FIELD_PREFIX)) {
    return { path, label: `Field “${path.slice(CUSTOM_FIELD_PREFIX.length)}”`, group: 'Lead', kind: 'field' };
  }
  if (path.startsWith(VARIANT_PREFIX)) {
    return { path, label: `Variant of ${path.slice(VARIANT_PREFIX.length)}`, group: 'A/B split', kind: 'text' };
  }
  return { path, label: path, group: 'Other', kind: 'text' };
}

/** "not_interested" → "not interested". */
export function optionLabel(value: string): string {
  return value.replace(/_/g, ' ');
}
