import type { ReactNode } from 'react';
import { ChannelIcon } from '@/components/ChannelIcon';
import { CHANNEL_LABELS } from '@/lib/channelLabels';
import { CopyButton } from '@/components/CopyButton';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import { CHANNELS, type Lead } from '../types/lead';

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

const CONSENT_BADGE = {
  granted: <Badge variant="success">Granted</Badge>,
  revoked: <Badge variant="danger">Revoked</Badge>,
  unknown: <Badge variant="neutral">Unknown</Badge>,
};

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
        {lead.do_not_contact && (
          <p className="rounded-lg border border-danger/25 bg-danger-tint px-3 py-2 text-[13px] text-danger">
            Marked do not contact — nothing will be sent on any channel.
          </p>
        )}
        <ul className="divide-y divide-border rounded-lg border border-border">
          {CHANNELS.map((c) => {
            const consent = lead.consents?.[c] ?? { status: 'unknown' as const, source: null, updated_at: null };
            return (
              <li key={c} className="flex items-center gap-3 px-3 py-2">
                <ChannelIcon channel={c} badge />
                <div className="grid min-w-0 flex-1 leading-tight">
                  <span className="text-[13px] font-medium">{CHANNEL_LABELS[c]}</span>
                  <span className="truncate text-xs text-muted-foreground" title={consent.updated_at ? formatDateTime(consent.updated_at) : undefined}>
                    {consent.source || consent.updated_at
                      ? [consent.source && `via ${humanize(consent.source)}`, consent.updated_at && formatRelative(consent.updated_at)]
                          .filter(Boolean)
                          .join(' · ')
                      : 'No record'}
                  </span>
                </div>
                {CONSENT_BADGE[consent.status]}
              </li>
            );
          })}
        </ul>
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
