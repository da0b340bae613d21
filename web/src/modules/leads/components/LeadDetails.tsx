import type { ReactNode } from 'react';
import { CopyButton } from '@/components/CopyButton';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import type { Lead } from '../types/lead';
import { ConsentList } from './ConsentList';
import { LeadMeetings } from './LeadMeetings';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="grid gap-2">
      <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{title}</h3>
      {children}
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[minmax(96px,34%)_1fr] items-start gap-3 py-1.5 text-[13px]">
      <dt className="min-w-0 text-muted-foreground [overflow-wrap:anywhere]">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const Empty = () => <span className="text-subtle-foreground">—</span>;

function localTime(tz: string): string | null {
  try {
    return new Date().toLocaleTimeString('en-US', { timeZone: tz, hour: 'numeric', minute: '2-digit' });
  } catch {
    return null;
  }
}

export function LeadDetails({ lead }: { lead: Lead }) {
  const customEntries = Object.entries(lead.custom_fields ?? {});
  const time = lead.timezone ? localTime(lead.timezone) : null;
  return (
    <div className="grid gap-7">
      <Section title="Contact">
        <dl className="divide-y divide-border/70">
          <Row label="Email">
            {lead.email ? (
              <span className="flex flex-wrap items-center gap-2">
                <a href={`mailto:${lead.email}`} className="focus-ring rounded-sm text-primary-text hover:underline">
                  {lead.email}
                </a>
                {lead.email_status === 'valid' && <Badge variant="success">Verified</Badge>}
                {lead.email_status === 'invalid' && <Badge variant="danger">Bounces</Badge>}
              </span>
            ) : (
              <Empty />
            )}
          </Row>
          <Row label="Phone">{lead.phone ? <span className="tabular-nums">{lead.phone}</span> : <Empty />}</Row>
          <Row label="Title">{lead.title || <Empty />}</Row>
          <Row label="Company">{lead.company?.name || <Empty />}</Row>
          <Row label="Timezone">
            {lead.timezone ? (
              <span>
                {lead.timezone}
                {time && <span className="text-muted-foreground"> · {time} now</span>}
              </span>
            ) : (
              <Empty />
            )}
          </Row>
          <Row label="Owner">
            {lead.owner ? (
              <span className="flex items-center gap-2">
                <Avatar name={lead.owner.name} size="xs" />
                {lead.owner.name}
              </span>
            ) : (
              <span className="text-muted-foreground">Unassigned</span>
            )}
          </Row>
        </dl>
      </Section>

      <Section title="Tags">
        {lead.tags.length ? (
          <div className="flex flex-wrap gap-1.5">
            {lead.tags.map((t) => (
              <Badge key={t} variant="outline">
                {t}
              </Badge>
            ))}
          </div>
        ) : (
          <p className="text-[13px] text-muted-foreground">No tags yet.</p>
        )}
      </Section>

      <Section title="Consent">
        <ConsentList lead={lead} />
      </Section>

      <Section title="Meetings">
        <LeadMeetings leadId={lead.id} />
      </Section>

      <Section title="Custom fields">
        {customEntries.length ? (
          <dl className="divide-y divide-border/70">
            {customEntries.map(([k, v]) => (
              <Row key={k} label={k}>
                {typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v)}
              </Row>
            ))}
          </dl>
        ) : (
          <p className="text-[13px] text-muted-foreground">No custom fields. Add them by editing the lead or mapping extra CSV columns.</p>
        )}
      </Section>

      <Section title="Record">
        <dl className="divide-y divide-border/70">
          <Row label="Source">{lead.source ? humanize(lead.source) : <Empty />}</Row>
          <Row label="Created">
            <span title={formatDateTime(lead.created_at)}>{formatDateTime(lead.created_at)}</span>
          </Row>
          <Row label="Updated">
            <span title={formatDateTime(lead.updated_at)}>{formatRelative(lead.updated_at)}</span>
          </Row>
          <Row label="ID">
            <span className="flex items-center gap-2">
              <code className="truncate font-mono text-xs text-muted-foreground">{lead.id}</code>
              <CopyButton value={lead.id} size="icon-sm" variant="ghost" label="" aria-label="Copy lead ID" />
            </span>
          </Row>
        </dl>
      </Section>
    </div>
  );
}
