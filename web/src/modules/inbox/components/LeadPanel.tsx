import { ArrowUpRight } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { ConsentList } from '@/modules/leads/components/ConsentList';
import { LeadMeetings } from '@/modules/leads/components/LeadMeetings';
import { StageBadge } from '@/modules/leads/components/StageBadge';
import type { ConversationDetail } from '../types/conversation';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[88px_1fr] items-start gap-3 py-1.5 text-[13px]">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const Empty = () => <span className="text-subtle-foreground">—</span>;

/** Who the team is talking to: profile, company, stage, consent per channel, meetings, tags. */
export function LeadPanel({ conversation }: { conversation: ConversationDetail }) {
  const lead = conversation.lead_detail;
  const summary = conversation.lead;
  const name = lead?.full_name || summary.full_name || summary.email || 'Unnamed lead';
  return (
    <div className="grid gap-6 p-5" data-testid="lead-panel">
      <div className="flex items-start gap-3">
        <Avatar name={name} size="lg" />
        <div className="grid min-w-0 gap-1">
          <h2 className="truncate text-sm font-semibold">{name}</h2>
          {lead?.title && <p className="truncate text-xs text-muted-foreground">{lead.title}</p>}
          <StageBadge stage={lead?.stage ?? summary.stage} className="w-fit" />
        </div>
      </div>
      <section className="grid gap-1">
        <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Profile</h3>
        <dl className="divide-y divide-border/70">
          <Row label="Email">{lead?.email ?? summary.email ?? <Empty />}</Row>
          <Row label="Phone">{(lead?.phone ?? summary.phone) ? <span className="tabular-nums">{lead?.phone ?? summary.phone}</span> : <Empty />}</Row>
          <Row label="Company">{lead?.company?.name ?? summary.company_name ?? <Empty />}</Row>
          <Row label="Owner">{lead?.owner?.name ?? <Empty />}</Row>
          <Row label="Timezone">{lead?.timezone ?? <Empty />}</Row>
        </dl>
      </section>
      {lead && (
        <section className="grid gap-2">
          <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Consent</h3>
          <ConsentList lead={lead} />
        </section>
      )}
      <section className="grid gap-2">
        <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Meetings</h3>
        <LeadMeetings leadId={conversation.lead_id} />
      </section>
      <section className="grid gap-2">
        <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Tags</h3>
        {lead?.tags?.length ? (
          <div className="flex flex-wrap gap-1">
            {lead.tags.map((t) => (
              <span key={t} className="inline-flex h-5 items-center rounded-md border border-border px-1.5 text-xs text-muted-foreground">
                {t}
              </span>
            ))}
          </div>
        ) : (
          <p className="text-[13px] text-subtle-foreground">No tags</p>
        )}
      </section>
      <Button asChild variant="secondary" className="w-fit">
        <Link to={`/leads?lead=${encodeURIComponent(conversation.lead_id)}`}>
          Open lead
          <ArrowUpRight aria-hidden />
        </Link>
      </Button>
    </div>
  );
}
