import { useVirtualizer } from '@tanstack/react-virtual';
import { Inbox, Plus, Search, SearchX } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Tooltip } from '@/components/ui/tooltip';
import { cn } from '@/lib/cn';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { useNow } from '../hooks/useNow';
import { activeFilterCount, EMPTY_CONVERSATION_FILTERS } from '../lib/emptyFilters';
import type { Conversation, ConversationFilters } from '../types/conversation';
import { ConversationFiltersPopover } from './ConversationFiltersPopover';
import { CONVERSATION_ROW_HEIGHT, ConversationRow } from './ConversationRow';

interface ConversationListProps {
  conversations: Conversation[];
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  filters: ConversationFilters;
  onFiltersChange: (patch: Partial<ConversationFilters>) => void;
  activeId: string | null;
  hrefFor: (id: string) => string;
  onNew: () => void;
}

function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [last, setLast] = useState(value);
  if (value !== last) {
    setLast(value);
    setText(value);
  }
  const debounced = useDebouncedValue(text, 250);
  useEffect(() => {
    if (debounced !== value) onChange(debounced);
    // Only the debounced text drives the URL; `value` follows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return (
    <div className="relative min-w-0 flex-1">
      <Search className="pointer-events-none absolute left-2.5 top-1/2 size-3.5 -translate-y-1/2 text-subtle-foreground" aria-hidden />
      <Input type="search" aria-label="Search conversations" placeholder="Search name, email, phone" className="pl-8" value={text} onChange={(e) => setText(e.target.value)} />
    </div>
  );
}

/** The left pane: filters and search over a virtualised, live-ordered list. */
export function ConversationList(props: ConversationListProps) {
  const { conversations, loading, error, filters, onFiltersChange, activeId, hrefFor, hasNextPage, isFetchingNextPage, fetchNextPage } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow(60_000);
  // TanStack Virtual returns fresh functions each render; React Compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: hasNextPage ? conversations.length + 1 : conversations.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CONVERSATION_ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => conversations[i]?.id ?? 'loader',
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (lastIndex >= conversations.length - 10 && hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [lastIndex, conversations.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Keep the open conversation in view when j/k moves past the edge.
  const activeIndex = activeId ? conversations.findIndex((c) => c.id === activeId) : -1;
  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  const filtered = activeFilterCount(filters) > 0 || !!filters.q;
  let body;
  if (loading) {
    body = (
      <div aria-hidden>
        {Array.from({ length: 9 }, (_, i) => (
          <div key={i} className="flex gap-3 border-b border-border/60 px-4 py-3" style={{ height: CONVERSATION_ROW_HEIGHT, opacity: 1 - i * 0.08 }}>
            <Skeleton className="size-8 rounded-full" />
            <div className="grid flex-1 content-start gap-2">
              <Skeleton className="h-3 w-32" />
              <Skeleton className="h-2.5 w-48" />
            </div>
          </div>
        ))}
      </div>
    );
  } else if (error && !conversations.length) {
    body = <ErrorState error={error} title="Couldn't load conversations" onRetry={props.onRetry} compact />;
  } else if (!conversations.length) {
    body = filtered ? (
      <EmptyState
        icon={SearchX}
        title="No conversations match"
        description="Try fewer filters or a shorter search."
        action={<Button onClick={() => onFiltersChange(EMPTY_CONVERSATION_FILTERS)}>Clear search and filters</Button>}
        compact
      />
    ) : (
      <EmptyState
        icon={Inbox}
        title="No conversations yet"
        description="Conversations appear here as leads reply. Start one with a lead, then reply as them in the sandbox to watch the AI answer live."
        action={
          <WriteGuard>
            <Button variant="primary" onClick={props.onNew}>
              Start a conversation
            </Button>
          </WriteGuard>
        }
        compact
      />
    );
  } else {
    body = (
      <div role="list" className="relative" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((vi) => {
          const c = conversations[vi.index];
          return (
            <div key={vi.key} role="listitem" className="absolute inset-x-0" style={{ height: CONVERSATION_ROW_HEIGHT, transform: `translateY(${vi.start}px)` }}>
              {c ? (
                <ConversationRow conversation={c} to={hrefFor(c.id)} active={c.id === activeId} now={now} />
              ) : (
                <div className="flex gap-3 px-4 py-3">
                  <Skeleton className="size-8 rounded-full" />
                  <Skeleton className="h-3 w-32" />
                  <span className="sr-only">Loading more conversations</span>
                </div>
              )}
            </div>
          );
        })}
      </div>
    );
  }

  return (
    <nav aria-label="Conversations" className="flex min-h-0 flex-1 flex-col">
      <div className="grid gap-2 border-b border-border p-3">
        <div className="flex items-center gap-2">
          <SearchBox value={filters.q} onChange={(q) => onFiltersChange({ q })} />
          <ConversationFiltersPopover filters={filters} onChange={onFiltersChange} />
          <WriteGuard tooltip="Start a conversation">
            <Button variant="secondary" size="icon" aria-label="Start a conversation" onClick={props.onNew}>
              <Plus aria-hidden />
            </Button>
          </WriteGuard>
        </div>
        <div className="flex items-center gap-1" role="group" aria-label="Quick filters">
          {(
            [
              ['All', { assignee: '', unread: '' }],
              ['Unread', { unread: 'true', assignee: '' }],
              ['Mine', { assignee: 'me', unread: '' }],
              ['Unassigned', { assignee: 'none', unread: '' }],
            ] as [string, Partial<ConversationFilters>][]
          ).map(([label, patch]) => {
            const on = filters.unread === (patch.unread ?? '') && filters.assignee === (patch.assignee ?? '');
            return (
              <Tooltip key={label} content={label === 'All' ? 'Everything (other filters still apply)' : `Only ${label.toLowerCase()}`}>
                <button
                  type="button"
                  aria-pressed={on}
                  onClick={() => onFiltersChange(patch)}
                  className={cn(
                    'focus-ring h-6 rounded-md px-2 text-xs font-medium transition-colors',
                    on ? 'bg-muted text-foreground' : 'text-muted-foreground hover:bg-hover hover:text-foreground',
                  )}
                >
                  {label}
                </button>
              </Tooltip>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className="scrollbar-thin min-h-0 flex-1 overflow-y-auto" aria-busy={loading || isFetchingNextPage || undefined}>
        {body}
      </div>
    </nav>
  );
}
