import { ListFilter } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { useUsers } from '@/modules/settings/hooks/useUsers';
import { channelLabel } from '../lib/channelLabel';
import { activeFilterCount, EMPTY_CONVERSATION_FILTERS } from '../lib/emptyFilters';
import { MESSAGE_CHANNELS, type ConversationFilters } from '../types/conversation';

const ANY = '__any__';

function FilterSelect({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (v: string) => void; options: [string, string][] }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select value={value || ANY} onValueChange={(v) => onChange(v === ANY ? '' : v)}>
        <SelectTrigger id={id}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {options.map(([v, l]) => (
            <SelectItem key={v || ANY} value={v || ANY}>
              {l}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

export function ConversationFiltersPopover({ filters, onChange }: { filters: ConversationFilters; onChange: (patch: Partial<ConversationFilters>) => void }) {
  const users = useUsers();
  const count = activeFilterCount(filters);
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="secondary" size="icon" aria-label={count ? `Filters, ${count} active` : 'Filters'} className="relative">
          <ListFilter aria-hidden />
          {count > 0 && (
            <span className="absolute -right-1 -top-1 inline-flex h-4 min-w-4 items-center justify-center rounded-full bg-primary px-1 text-[10px] font-semibold text-primary-foreground tabular-nums">
              {count}
            </span>
          )}
        </Button>
      </PopoverTrigger>
      <PopoverContent className="grid w-[280px] gap-3" aria-label="Conversation filters">
        <FilterSelect
          id="conv-filter-status"
          label="Status"
          value={filters.status}
          onChange={(v) => onChange({ status: v as ConversationFilters['status'] })}
          options={[
            ['', 'Open and closed'],
            ['open', 'Open'],
            ['closed', 'Closed'],
          ]}
        />
        <FilterSelect
          id="conv-filter-mode"
          label="In control"
          value={filters.mode}
          onChange={(v) => onChange({ mode: v as ConversationFilters['mode'] })}
          options={[
            ['', 'AI or human'],
            ['ai', 'AI'],
            ['human', 'Human (taken over)'],
          ]}
        />
        <FilterSelect
          id="conv-filter-assignee"
          label="Assignee"
          value={filters.assignee}
          onChange={(v) => onChange({ assignee: v })}
          options={[['', 'Anyone'], ['me', 'Me'], ['none', 'Unassigned'], ...(users.data ?? []).map((u) => [u.id, u.name] as [string, string])]}
        />
        <FilterSelect
          id="conv-filter-channel"
          label="Channel"
          value={filters.channel}
          onChange={(v) => onChange({ channel: v as ConversationFilters['channel'] })}
          options={[['', 'Any channel'], ...MESSAGE_CHANNELS.map((c) => [c, channelLabel(c)] as [string, string])]}
        />
        {count > 0 && (
          <Button variant="ghost" size="sm" className="justify-self-start" onClick={() => onChange({ ...EMPTY_CONVERSATION_FILTERS, q: filters.q })}>
            Clear filters
          </Button>
        )}
      </PopoverContent>
    </Popover>
  );
}
