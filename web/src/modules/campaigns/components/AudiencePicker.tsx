import { useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useState } from 'react';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { Skeleton } from '@/components/ui/skeleton';
import { formatNumber } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { listLeads } from '@/modules/leads/api/listLeads';
import { defaultFilters } from '@/modules/leads/lib/defaultFilters';
import { STAGES } from '@/modules/leads/types/lead';
import { OptionSelect } from '@/modules/workflows/components/inspector/OptionSelect';
import { optionLabel } from '@/modules/workflows/lib/facts';
import { listLeadImports } from '../api/listLeadImports';
import type { Audience, SegmentFilter } from '../types/campaign';

const KINDS: { value: Audience['kind']; label: string }[] = [
  { value: 'manual', label: 'Pick leads' },
  { value: 'segment', label: 'Segment' },
  { value: 'csv', label: 'CSV import' },
];

const ANY_STAGE = '__any';

function emptyAudience(kind: Audience['kind']): Audience {
  if (kind === 'manual') return { kind, lead_ids: [] };
  if (kind === 'segment') return { kind, filter: {} };
  return { kind, import_id: '' };
}

/** Who the campaign enrols: hand-picked leads, a segment of the leads list, or a CSV import's leads. */
export function AudiencePicker({ value, onChange, disabled }: { value: Audience; onChange: (audience: Audience) => void; disabled: boolean }) {
  return (
    <div className="grid gap-4">
      <SegmentedControl aria-label="Audience" value={value.kind} options={KINDS} onValueChange={(kind) => !disabled && kind !== value.kind && onChange(emptyAudience(kind))} />
      {value.kind === 'manual' && <ManualPicker leadIds={value.lead_ids} disabled={disabled} onChange={(lead_ids) => onChange({ kind: 'manual', lead_ids })} />}
      {value.kind === 'segment' && <SegmentPicker filter={value.filter} disabled={disabled} onChange={(filter) => onChange({ kind: 'segment', filter })} />}
      {value.kind === 'csv' && <ImportPicker importId={value.import_id} disabled={disabled} onChange={(import_id) => onChange({ kind: 'csv', import_id })} />}
    </div>
  );
}

function ManualPicker({ leadIds, onChange, disabled }: { leadIds: string[]; onChange: (ids: string[]) => void; disabled: boolean }) {
  const [q, setQ] = useState('');
  const search = useDebouncedValue(q.trim(), 250);
  const leads = useQuery({
    queryKey: queryKeys.leads.search(search),
    queryFn: ({ signal }) => listLeads({ ...defaultFilters, q: search }, { limit: 25, offset: 0 }, signal),
  });
  const selected = new Set(leadIds);
  const shown = leads.data?.items ?? [];
  const allShown = shown.length > 0 && shown.every((l) => selected.has(l.id));
  const toggle = (id: string, on: boolean) => onChange(on ? [...leadIds, id] : leadIds.filter((x) => x !== id));
  return (
    <div className="grid gap-2">
      <div className="relative">
        <Search className="pointer-events-none absolute left-2.5 top-1/2 size-3.5 -translate-y-1/2 text-subtle-foreground" aria-hidden />
        <Input aria-label="Search leads" placeholder="Search by name, email or company" className="pl-8" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="flex items-center justify-between text-xs text-muted-foreground">
        <span data-testid="audience-selected">{formatNumber(leadIds.length)} selected</span>
        <label className="flex items-center gap-1.5">
          <Checkbox
            checked={allShown}
            disabled={disabled || !shown.length}
            onCheckedChange={(on) => onChange(on ? [...new Set([...leadIds, ...shown.map((l) => l.id)])] : leadIds.filter((id) => !shown.some((l) => l.id === id)))}
          />
          Select all shown
        </label>
      </div>
      <ul className="scrollbar-thin grid max-h-72 overflow-y-auto rounded-lg border border-border" aria-label="Leads" aria-busy={leads.isPending}>
        {leads.isPending &&
          [0, 1, 2, 3].map((i) => (
            <li key={i} className="px-3 py-2">
              <Skeleton className="h-5" />
            </li>
          ))}
        {leads.data && !shown.length && <li className="px-3 py-6 text-center text-[13px] text-muted-foreground">No leads match “{search}”.</li>}
        {shown.map((lead) => (
          <li key={lead.id} className="border-b border-border last:border-0">
            <label className="flex h-10 cursor-pointer items-center gap-2.5 px-3 text-[13px] hover:bg-hover">
              <Checkbox checked={selected.has(lead.id)} disabled={disabled} onCheckedChange={(on) => toggle(lead.id, !!on)} aria-label={`Select ${lead.full_name}`} />
              <span className="min-w-0 flex-1 truncate font-medium">{lead.full_name}</span>
              <span className="hidden truncate text-xs text-muted-foreground sm:block">{lead.company?.name ?? lead.email ?? ''}</span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SegmentPicker({ filter, onChange, disabled }: { filter: SegmentFilter; onChange: (filter: SegmentFilter) => void; disabled: boolean }) {
  const debounced = useDebouncedValue(filter, 300);
  const matching = useQuery({
    queryKey: ['leads', 'segment-count', debounced],
    queryFn: ({ signal }) => listLeads({ ...defaultFilters, q: debounced.q ?? '', stage: debounced.stage ?? '', tag: debounced.tag ?? '' }, { limit: 1, offset: 0 }, signal),
  });
  const set = (patch: SegmentFilter) => onChange(Object.fromEntries(Object.entries({ ...filter, ...patch }).filter(([, v]) => v)) as SegmentFilter);
  return (
    <div className="grid gap-3">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Stage" htmlFor="segment-stage">
          <OptionSelect
            id="segment-stage"
            value={filter.stage ?? ANY_STAGE}
            disabled={disabled}
            options={[{ value: ANY_STAGE, label: 'Any stage' }, ...STAGES.map((s) => ({ value: s, label: optionLabel(s) }))]}
            onChange={(stage) => set({ stage: stage === ANY_STAGE ? undefined : stage })}
          />
        </Field>
        <Field label="Tag" htmlFor="segment-tag">
          <Input id="segment-tag" value={filter.tag ?? ''} disabled={disabled} placeholder="Any tag" onChange={(e) => set({ tag: e.target.value })} />
        </Field>
        <Field label="Search" htmlFor="segment-q">
          <Input id="segment-q" value={filter.q ?? ''} disabled={disabled} placeholder="Name, email, company" onChange={(e) => set({ q: e.target.value })} />
        </Field>
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {matching.data ? `${formatNumber(matching.data.total)} leads match right now. Leads who match at launch are enrolled.` : 'Counting matching leads…'}
      </p>
    </div>
  );
}

function ImportPicker({ importId, onChange, disabled }: { importId: string; onChange: (id: string) => void; disabled: boolean }) {
  const imports = useQuery({ queryKey: queryKeys.leadImports, queryFn: ({ signal }) => listLeadImports(signal) });
  const done = (imports.data ?? []).filter((i) => i.status === 'completed');
  return (
    <Field
      label="Import"
      htmlFor="audience-import"
      hint={imports.data && !done.length ? 'No finished CSV imports yet — import leads on the Leads page.' : 'Enrols the leads that import created or updated.'}
    >
      <OptionSelect
        id="audience-import"
        value={importId}
        disabled={disabled}
        placeholder="Choose an import"
        options={done.map((i) => ({ value: i.id, label: i.filename, description: `${formatNumber(i.created + i.merged)} leads · ${new Date(i.created_at).toLocaleDateString()}` }))}
        onChange={onChange}
      />
    </Field>
  );
}
