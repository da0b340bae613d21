import { Download, Plus, Search, Upload, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { CHANNEL_LABELS } from '@/lib/channelLabels';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Kbd } from '@/components/ui/kbd';
import { Tooltip } from '@/components/ui/tooltip';
import { formatNumber } from '@/lib/format';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { useUsers } from '@/modules/settings/hooks/useUsers';
import { stageMeta } from '../lib/stageMeta';
import type { Channel, LeadFilters, Stage } from '../types/lead';
import { LeadsFilterPopover } from './LeadsFilterPopover';

interface Props {
  filters: LeadFilters;
  onChange: (patch: Partial<LeadFilters>) => void;
  total: number | null;
  onNewLead: () => void;
  onImport: () => void;
  onExport: () => void;
  exporting: boolean;
}

function Chip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <span className="inline-flex h-7 items-center gap-1 rounded-md border border-border bg-surface pl-2 pr-0.5 text-xs text-foreground">
      {label}
      <button
        type="button"
        onClick={onRemove}
        className="focus-ring inline-flex size-5 items-center justify-center rounded text-muted-foreground hover:bg-hover hover:text-foreground"
        aria-label={`Remove filter ${label}`}
      >
        <X className="size-3" aria-hidden />
      </button>
    </span>
  );
}

export function LeadsToolbar({ filters, onChange, total, onNewLead, onImport, onExport, exporting }: Props) {
  const users = useUsers();
  const [q, setQ] = useState(filters.q);
  const [syncedQ, setSyncedQ] = useState(filters.q);
  const debounced = useDebouncedValue(q, 250);
  const searchRef = useRef<HTMLInputElement>(null);

  // URL changed from elsewhere (back button, "clear filters"): show it in the box.
  if (filters.q !== syncedQ) {
    setSyncedQ(filters.q);
    setQ(filters.q);
  }

  useEffect(() => {
    if (debounced !== filters.q) onChange({ q: debounced });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only push when the debounced text settles
  }, [debounced]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'TEXTAREA'].includes(t.tagName) && !t.isContentEditable) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const chips: { key: keyof LeadFilters; label: string }[] = [];
  if (filters.stage) chips.push({ key: 'stage', label: `Stage: ${stageMeta[filters.stage as Stage]?.label ?? filters.stage}` });
  if (filters.tag) chips.push({ key: 'tag', label: `Tag: ${filters.tag}` });
  if (filters.owner_id)
    chips.push({ key: 'owner_id', label: `Owner: ${users.data?.find((u) => u.id === filters.owner_id)?.name ?? '…'}` });
  if (filters.consent) chips.push({ key: 'consent', label: `Consent: ${CHANNEL_LABELS[filters.consent as Channel] ?? filters.consent}` });
  if (filters.do_not_contact)
    chips.push({ key: 'do_not_contact', label: filters.do_not_contact === 'true' ? 'Do not contact only' : 'Excluding do-not-contact' });

  return (
    <div className="grid gap-2 border-b border-border px-4 py-3 md:px-6">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-0 flex-1 basis-full sm:max-w-xs sm:basis-auto">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-3.5 -translate-y-1/2 text-subtle-foreground" aria-hidden />
          <Input
            ref={searchRef}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && q) {
                e.preventDefault();
                setQ('');
              }
            }}
            placeholder="Search name, email, company…"
            aria-label="Search leads"
            className="pl-8 pr-8 [&::-webkit-search-cancel-button]:hidden"
          />
          {!q && <Kbd className="pointer-events-none absolute right-2 top-1/2 hidden -translate-y-1/2 sm:inline-flex">/</Kbd>}
          {q && (
            <button
              type="button"
              onClick={() => setQ('')}
              className="focus-ring absolute right-1.5 top-1/2 inline-flex size-5 -translate-y-1/2 items-center justify-center rounded text-muted-foreground hover:text-foreground"
              aria-label="Clear search"
            >
              <X className="size-3.5" aria-hidden />
            </button>
          )}
        </div>
        <LeadsFilterPopover filters={filters} onChange={onChange} activeCount={chips.length} />
        <span className="px-1 text-[13px] text-muted-foreground tabular-nums" aria-live="polite" data-testid="leads-total">
          {total === null ? '' : `${formatNumber(total)} ${total === 1 ? 'lead' : 'leads'}`}
        </span>
        <div className="ml-auto flex items-center gap-2">
          <Tooltip content="Export the current view as CSV">
            <Button variant="ghost" onClick={onExport} loading={exporting} aria-label="Export CSV">
              {!exporting && <Download aria-hidden />}
              <span className="hidden lg:inline">Export CSV</span>
            </Button>
          </Tooltip>
          <WriteGuard>
            <Button variant="secondary" onClick={onImport} aria-label="Import CSV">
              <Upload aria-hidden />
              <span className="hidden lg:inline">Import CSV</span>
            </Button>
          </WriteGuard>
          <WriteGuard tooltip="New lead" shortcut={['C']}>
            <Button variant="primary" onClick={onNewLead}>
              <Plus aria-hidden />
              New lead
            </Button>
          </WriteGuard>
        </div>
      </div>
      {chips.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5">
          {chips.map((c) => (
            <Chip key={c.key} label={c.label} onRemove={() => onChange({ [c.key]: '' })} />
          ))}
          {chips.length > 1 && (
            <Button size="sm" variant="ghost" onClick={() => onChange({ stage: '', tag: '', owner_id: '', consent: '', do_not_contact: '' })}>
              Clear all
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
