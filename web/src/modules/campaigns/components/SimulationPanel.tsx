import { useMutation, useQuery } from '@tanstack/react-query';
import { Ban, Bot, CircleStop, Flag, FlaskConical, GitBranch, Hand, Send, Timer, User, UserPen, Webhook, type LucideIcon } from 'lucide-react';
import { useState } from 'react';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { EmptyState } from '@/components/ui/empty-state';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { isApiError } from '@/lib/api/ApiError';
import { cn } from '@/lib/cn';
import { formatDateTime } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { listLeads } from '@/modules/leads/api/listLeads';
import { defaultFilters } from '@/modules/leads/lib/defaultFilters';
import { OptionSelect } from '@/modules/workflows/components/inspector/OptionSelect';
import type { Graph } from '@/modules/workflows/types/graph';
import { simulateCampaign } from '../api/simulateCampaign';
import { formatOffset, outcomeLabel, SIMULATED_EVENTS, simulationRequest, type SampleForm, type SimulatedEvent, type SimulationForm } from '../lib/simulation';
import type { SimulationKind, SimulationResult } from '../types/campaign';

const KIND: Record<SimulationKind, { icon: LucideIcon; tone: string }> = {
  send: { icon: Send, tone: 'bg-info-tint text-info' },
  ai_draft: { icon: Bot, tone: 'bg-primary-tint text-primary-text' },
  decision: { icon: GitBranch, tone: 'bg-success-tint text-success' },
  wait: { icon: Timer, tone: 'bg-warning-tint text-warning' },
  blocked: { icon: Ban, tone: 'bg-danger-tint text-danger' },
  webhook: { icon: Webhook, tone: 'bg-muted text-muted-foreground' },
  hand_off: { icon: Hand, tone: 'bg-primary-tint text-primary-text' },
  update_lead: { icon: UserPen, tone: 'bg-muted text-muted-foreground' },
  event: { icon: User, tone: 'bg-warning-tint text-warning' },
  exit: { icon: CircleStop, tone: 'bg-muted text-muted-foreground' },
  end: { icon: Flag, tone: 'bg-success-tint text-success' },
};

const EVENT_LABELS: Record<SimulatedEvent, string> = {
  reply: 'replies',
  open: 'opens an email',
  click: 'clicks a link',
  meeting_booked: 'books a meeting',
  unsubscribe: 'unsubscribes',
};
const CHANNEL_LABELS: Record<string, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', linkedin: 'LinkedIn', voice: 'Voice', sandbox: 'Sandbox' };
const DEFAULT_SAMPLE: SampleForm = { firstName: '', tags: '', smsConsent: false, whatsappConsent: false };
const AUTO = 'auto';

/** A message the step would send, when its detail carries one. */
function MessagePreview({ detail }: { detail: unknown }) {
  if (!detail || typeof detail !== 'object') return null;
  const d = detail as Record<string, unknown>;
  const body = typeof d.body === 'string' ? d.body : typeof d.text === 'string' ? d.text : null;
  const subject = typeof d.subject === 'string' ? d.subject : null;
  const wake = typeof d.wake_at_ms === 'number' ? d.wake_at_ms : typeof d.wake_at === 'number' ? d.wake_at : null;
  const reason = typeof d.reason === 'string' ? d.reason : null;
  const channel = typeof d.channel === 'string' ? (CHANNEL_LABELS[d.channel] ?? d.channel) : null;
  const offline = d.generator === 'offline';
  if (!body && !subject && !wake && !reason) return null;
  return (
    <div className="grid gap-1 rounded-md border border-border bg-surface px-3 py-2 text-xs leading-5">
      {(channel || offline) && (
        <p className="flex gap-1.5">
          {channel && <span className="rounded bg-muted px-1.5 py-px text-[11px] font-medium text-muted-foreground">{channel}</span>}
          {offline && <span className="rounded bg-muted px-1.5 py-px text-[11px] font-medium text-muted-foreground">Offline AI</span>}
        </p>
      )}
      {subject && <p className="font-medium">{subject}</p>}
      {body && <p className="whitespace-pre-wrap text-muted-foreground">{body}</p>}
      {wake && <p className="text-muted-foreground">Wakes up {formatDateTime(new Date(wake))}</p>}
      {reason && <p className="text-danger">{reason}</p>}
    </div>
  );
}

function Timeline({ result }: { result: SimulationResult }) {
  const { steps, outcome } = result;
  return (
    <div className="grid gap-3" data-testid="simulation-timeline">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-border pb-3">
        <p className="text-sm font-semibold">
          {result.lead.name || 'Sample lead'}
          {result.lead.sample && <span className="ml-2 text-xs font-normal text-muted-foreground">sample lead</span>}
        </p>
        <p className="text-xs text-muted-foreground" data-testid="simulation-summary">
          {result.sends === 1 ? '1 message would go out' : `${result.sends} messages would go out`} · nothing was sent
        </p>
      </div>
      <ol className="grid gap-3">
        {steps.map((step, i) => {
          const meta = KIND[step.kind] ?? KIND.exit;
          const Icon = meta.icon;
          return (
            <li key={i} className="grid grid-cols-[88px_28px_1fr] items-start gap-3" data-testid="simulation-step" data-kind={step.kind}>
              <span className="pt-1 text-right text-xs tabular-nums text-muted-foreground">{formatOffset(step.offset_seconds)}</span>
              <span className={cn('flex size-7 items-center justify-center rounded-md', meta.tone)}>
                <Icon className="size-3.5" aria-hidden />
              </span>
              <div className="grid min-w-0 gap-1.5">
                <p className="text-[13px] leading-5">
                  {step.summary}
                  {step.node_id && <span className="ml-2 font-mono text-[11px] text-muted-foreground">{step.node_id}</span>}
                </p>
                <MessagePreview detail={step.detail} />
              </div>
            </li>
          );
        })}
      </ol>
      <p className="border-t border-border pt-3 text-[13px]">
        <span className="text-muted-foreground">Outcome:</span>{' '}
        <span className="font-medium" data-testid="simulation-outcome">
          {outcomeLabel(outcome)}
        </span>
      </p>
    </div>
  );
}

/** Try the workflow on virtual time for one lead, choosing what the lead does. Nothing is sent. */
export function SimulationPanel({ campaignId, graph }: { campaignId: string; graph: Graph | undefined }) {
  const [form, setForm] = useState<SimulationForm>({ leadId: null, events: {}, decisions: {}, variants: {}, sample: DEFAULT_SAMPLE });
  const sample = form.sample ?? DEFAULT_SAMPLE;
  const setSample = (change: Partial<SampleForm>) => setForm({ ...form, sample: { ...sample, ...change } });
  const [who, setWho] = useState<'sample' | 'lead'>('sample');
  const [q, setQ] = useState('');
  const search = useDebouncedValue(q.trim(), 250);
  const leads = useQuery({
    queryKey: queryKeys.leads.search(search),
    queryFn: ({ signal }) => listLeads({ ...defaultFilters, q: search }, { limit: 20, offset: 0 }, signal),
    enabled: who === 'lead',
  });
  const simulate = useMutation({ mutationFn: () => simulateCampaign(campaignId, simulationRequest(who === 'sample' ? { ...form, leadId: null } : form)) });
  const decisions = graph?.nodes.filter((n) => n.type === 'decision') ?? [];
  const splits = graph?.nodes.flatMap((n) => (n.type === 'ab_split' ? [n] : [])) ?? [];

  const setEvent = (event: SimulatedEvent, day: number | undefined) => {
    const events = { ...form.events };
    if (day === undefined) delete events[event];
    else events[event] = day;
    setForm({ ...form, events });
  };
  const setOverride = (key: 'decisions' | 'variants', nodeId: string, value: string) => {
    const next = { ...form[key] } as Record<string, string>;
    if (value === AUTO) delete next[nodeId];
    else next[nodeId] = value;
    setForm({ ...form, [key]: next });
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[340px_1fr]">
      <Card className="grid content-start gap-5 p-4">
        <div className="grid gap-2">
          <h2 className="text-sm font-semibold">Lead</h2>
          <SegmentedControl
            aria-label="Who to simulate"
            value={who}
            onValueChange={setWho}
            options={[
              { value: 'sample', label: 'Sample lead' },
              { value: 'lead', label: 'A real lead' },
            ]}
          />
          {who === 'sample' && (
            <div className="grid gap-2 rounded-md border border-border p-3">
              <div className="grid grid-cols-2 gap-2">
                <Field label="First name" htmlFor="sim-sample-name">
                  <Input id="sim-sample-name" className="h-8" placeholder="Alex" value={sample.firstName} onChange={(e) => setSample({ firstName: e.target.value })} />
                </Field>
                <Field label="Tags" htmlFor="sim-sample-tags">
                  <Input id="sim-sample-tags" className="h-8" placeholder="vip, warm" value={sample.tags} onChange={(e) => setSample({ tags: e.target.value })} />
                </Field>
              </div>
              <div className="flex flex-wrap gap-x-4 gap-y-1 text-[13px]">
                <label className="flex items-center gap-2">
                  <Checkbox checked={sample.smsConsent} onCheckedChange={(on) => setSample({ smsConsent: on === true })} />
                  SMS consent
                </label>
                <label className="flex items-center gap-2">
                  <Checkbox checked={sample.whatsappConsent} onCheckedChange={(on) => setSample({ whatsappConsent: on === true })} />
                  WhatsApp consent
                </label>
              </div>
              <p className="text-xs text-muted-foreground">Alex Rivera at Northwind Logistics, New York time, unless you change it.</p>
            </div>
          )}
          {who === 'lead' && (
            <div className="grid gap-2">
              <Input aria-label="Search leads" placeholder="Search leads" value={q} onChange={(e) => setQ(e.target.value)} />
              <OptionSelect
                id="simulate-lead"
                aria-label="Lead"
                value={form.leadId ?? ''}
                placeholder={leads.isPending ? 'Loading leads…' : 'Choose a lead'}
                options={(leads.data?.items ?? []).map((l) => ({ value: l.id, label: l.full_name, description: l.email ?? l.phone ?? undefined }))}
                onChange={(leadId) => setForm({ ...form, leadId })}
              />
            </div>
          )}
        </div>
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-semibold">What the lead does</legend>
          {SIMULATED_EVENTS.map((event) => {
            const day = form.events[event];
            return (
              <div key={event} className="grid gap-1.5">
              <div className="flex items-center gap-2 text-[13px]">
                <Checkbox id={`sim-${event}`} checked={day !== undefined} onCheckedChange={(on) => setEvent(event, on ? 3 : undefined)} />
                <label htmlFor={`sim-${event}`} className="flex-1">
                  The lead {EVENT_LABELS[event]}
                </label>
                {day !== undefined && (
                  <label className="flex items-center gap-1 text-xs text-muted-foreground">
                    on day
                    <Input type="number" min={0} max={90} className="h-7 w-14" aria-label={`Day the lead ${EVENT_LABELS[event]}`} value={day} onChange={(e) => setEvent(event, Math.max(0, Number(e.target.value) || 0))} />
                  </label>
                )}
              </div>
              {event === 'reply' && day !== undefined && (
                <Input
                  className="ml-6 h-8 w-auto"
                  aria-label="What the lead says"
                  placeholder="What they say (optional), e.g. “Sounds great, call me”"
                  value={form.replyText ?? ''}
                  onChange={(e) => setForm({ ...form, replyText: e.target.value })}
                />
              )}
              </div>
            );
          })}
        </fieldset>
        {(decisions.length > 0 || splits.length > 0) && (
          <fieldset className="grid gap-3">
            <legend className="mb-1 text-sm font-semibold">Force a branch</legend>
            {decisions.map((d) => (
              <Field key={d.id} label={`Decision ${d.id}`} htmlFor={`sim-decision-${d.id}`}>
                <OptionSelect
                  id={`sim-decision-${d.id}`}
                  size="sm"
                  value={form.decisions[d.id] ?? AUTO}
                  options={[
                    { value: AUTO, label: 'As the condition decides' },
                    { value: 'yes', label: 'Yes' },
                    { value: 'no', label: 'No' },
                  ]}
                  onChange={(v) => setOverride('decisions', d.id, v)}
                />
              </Field>
            ))}
            {splits.map((s) => (
              <Field key={s.id} label={`A/B split ${s.id}`} htmlFor={`sim-variant-${s.id}`}>
                <OptionSelect
                  id={`sim-variant-${s.id}`}
                  size="sm"
                  value={form.variants[s.id] ?? AUTO}
                  options={[{ value: AUTO, label: 'As the weights decide' }, ...s.data.variants.map((v) => ({ value: v.key, label: `Variant ${v.key}` }))]}
                  onChange={(v) => setOverride('variants', s.id, v)}
                />
              </Field>
            ))}
          </fieldset>
        )}
        <Button variant="primary" loading={simulate.isPending} disabled={who === 'lead' && !form.leadId} onClick={() => simulate.mutate()}>
          <FlaskConical aria-hidden />
          Run simulation
        </Button>
      </Card>
      <Card className="min-w-0 p-4">
        {simulate.isError ? (
          <FormBanner>{isApiError(simulate.error) ? simulate.error.message : "Couldn't run the simulation."}</FormBanner>
        ) : simulate.data ? (
          <Timeline result={simulate.data} />
        ) : (
          <EmptyState
            icon={FlaskConical}
            title="See exactly what would happen"
            description="Pick a lead and what they do, then run. You'll see every message rendered, every wait with its wake-up time, and every step a consent or quiet-hours rule would block. Nothing is sent."
          />
        )}
      </Card>
    </div>
  );
}
