import { ListFilter } from 'lucide-react';
import { useState } from 'react';
import { CHANNEL_LABELS } from '@/lib/channelLabels';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { useUsers } from '@/modules/settings/hooks/useUsers';
import { stageMeta } from '../lib/stageMeta';
import { CHANNELS, STAGES, type LeadFilters } from '../types/lead';

const ANY = '__any__';

interface Props {
  filters: LeadFilters;
  onChange: (patch: Partial<LeadFilters>) => void;
  activeCount: number;
}

export function LeadsFilterPopover({ filters, onChange, activeCount }: Props) {
  const users = useUsers();
  const [tag, setTag] = useState(filters.tag);
  const [lastTag, setLastTag] = useState(filters.tag);
  if (filters.tag !== lastTag) {
    setLastTag(filters.tag);
    setTag(filters.tag);
  }

  const sel = (value: string) => value || ANY;
  const unsel = (value: string) => (value === ANY ? '' : value);

  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="secondary" aria-label={activeCount ? `Filters, ${activeCount} active` : 'Filters'}>
          <ListFilter aria-hidden />
          <span className="hidden sm:inline">Filters</span>
          {activeCount > 0 && (
            <span className="inline-flex h-4 min-w-4 items-center justify-center rounded-full bg-primary px-1 text-[10px] font-semibold text-primary-foreground tabular-nums">
              {activeCount}
            </span>
          )}
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-[300px] p-0" aria-label="Lead filters">
        <div className="grid gap-3 p-3">
          <div className="grid gap-1.5">
            <Label htmlFor="filter-stage">Stage</Label>
            <Select value={sel(filters.stage)} onValueChange={(v) => onChange({ stage: unsel(v) })}>
              <SelectTrigger id="filter-stage">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ANY}>Any stage</SelectItem>
                {STAGES.map((s) => (
                  <SelectItem key={s} value={s}>
                    {stageMeta[s].label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="filter-tag">Tag</Label>
            <Input
              id="filter-tag"
              value={tag}
              placeholder="e.g. enterprise"
              onChange={(e) => setTag(e.target.value)}
              onBlur={() => tag.trim() !== filters.tag && onChange({ tag: tag.trim() })}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  onChange({ tag: tag.trim() });
                }
              }}
            />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="filter-owner">Owner</Label>
            <Select value={sel(filters.owner_id)} onValueChange={(v) => onChange({ owner_id: unsel(v) })}>
              <SelectTrigger id="filter-owner">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ANY}>Anyone</SelectItem>
                {(users.data ?? []).map((u) => (
                  <SelectItem key={u.id} value={u.id}>
                    {u.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="filter-consent">Consent granted on</Label>
            <Select value={sel(filters.consent)} onValueChange={(v) => onChange({ consent: unsel(v) })}>
              <SelectTrigger id="filter-consent">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ANY}>Any channel</SelectItem>
                {CHANNELS.map((c) => (
                  <SelectItem key={c} value={c}>
                    {CHANNEL_LABELS[c]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="filter-dnc">Do not contact</Label>
            <Select value={sel(filters.do_not_contact)} onValueChange={(v) => onChange({ do_not_contact: unsel(v) as LeadFilters['do_not_contact'] })}>
              <SelectTrigger id="filter-dnc">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ANY}>Include everyone</SelectItem>
                <SelectItem value="false">Exclude do-not-contact</SelectItem>
                <SelectItem value="true">Only do-not-contact</SelectItem>
              </SelectContent>
            </Select>
          </div>
        </div>
        <div className="flex items-center justify-between border-t border-border px-3 py-2">
          <span className="text-xs text-muted-foreground">{activeCount ? `${activeCount} active` : 'No filters'}</span>
          <Button
            size="sm"
            variant="ghost"
            disabled={!activeCount}
            onClick={() => onChange({ stage: '', tag: '', owner_id: '', consent: '', do_not_contact: '' })}
          >
            Clear all
          </Button>
        </div>
      </PopoverContent>
    </Popover>
  );
}
