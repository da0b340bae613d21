import { MessagesSquare } from 'lucide-react';
import { Fragment, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorState } from '@/components/ErrorState';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Spinner } from '@/components/ui/spinner';
import { cn } from '@/lib/cn';
import { useMe } from '@/modules/auth/hooks/useMe';
import { useUsers } from '@/modules/settings/hooks/useUsers';
import { useMessagesInfinite } from '../hooks/useMessagesInfinite';
import { groupByDay } from '../lib/groupByDay';
import { flattenMessages } from '../lib/messageCache';
import { useLiveStore } from '../stores/useLiveStore';
import { DraftCard } from './DraftCard';
import { MessageBubble, type NameOf } from './MessageBubble';
import { TypingIndicator } from './TypingIndicator';

const EMPTY_TYPING: never[] = [];

function TimelineSkeleton() {
  return (
    <div className="grid gap-4 p-6" aria-hidden>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className={cn('flex', i % 2 ? 'justify-end' : 'justify-start')}>
          <Skeleton className={cn('h-12 rounded-2xl', i % 2 ? 'w-72' : 'w-56')} />
        </div>
      ))}
    </div>
  );
}

/**
 * The merged thread across channels, oldest at the top: day separators, live AI drafts and
 * typing at the bottom, older pages loaded when the reader scrolls up (keeping their place).
 */
export function Timeline({ conversationId, leadName }: { conversationId: string; leadName: string }) {
  const query = useMessagesInfinite(conversationId);
  const messages = useMemo(() => flattenMessages(query.data), [query.data]);
  const groups = useMemo(() => groupByDay(messages), [messages]);
  const drafts = useLiveStore(useShallow((s) => Object.values(s.drafts[conversationId] ?? {})));
  const typing = useLiveStore((s) => s.typing[conversationId] ?? EMPTY_TYPING);
  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ firstId: string | undefined; height: number; stick: boolean }>({ firstId: undefined, height: 0, stick: true });
  const newest = messages[messages.length - 1];
  const meId = useMe().data?.user.id;
  const users = useUsers();
  const nameOf: NameOf = (id) => (!id ? null : id === meId ? 'You' : (users.data?.find((u) => u.id === id)?.name ?? null));

  // Keep the reader's place: stick to the bottom while they're there; when older messages
  // are prepended, shift by the added height so the view doesn't jump.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const a = anchor.current;
    const firstId = messages[0]?.id;
    if (a.firstId && firstId !== a.firstId && a.height) el.scrollTop += el.scrollHeight - a.height;
    else if (a.stick) el.scrollTop = el.scrollHeight;
    a.firstId = firstId;
    a.height = el.scrollHeight;
  });

  // A short first page doesn't scroll, so scrolling up can't ask for more: ask now.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const el = scrollRef.current;
    if (el && hasNextPage && !isFetchingNextPage && el.scrollHeight <= el.clientHeight + 160) void fetchNextPage();
  }, [messages.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    anchor.current.stick = el.scrollHeight - el.scrollTop - el.clientHeight < 96;
    anchor.current.height = el.scrollHeight;
    if (el.scrollTop < 160 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }

  let body;
  if (query.isPending) body = <TimelineSkeleton />;
  else if (query.isError && !query.data) {
    body = <ErrorState error={query.error} title="Couldn't load the messages" onRetry={() => query.refetch()} retrying={query.isFetching} compact />;
  } else if (!messages.length && !drafts.length) {
    body = (
      <EmptyState
        icon={MessagesSquare}
        title="No messages yet"
        description={`Nothing has been said with ${leadName} so far. Write the first message below, or reply as the lead in the sandbox to see the AI answer.`}
        compact
      />
    );
  } else {
    body = (
      <div className="grid gap-3 px-4 py-4 md:px-6">
        {query.isFetchingNextPage && (
          <div className="flex justify-center py-1">
            <Spinner label="Loading older messages" />
          </div>
        )}
        {!query.hasNextPage && messages.length > 0 && <p className="py-1 text-center text-xs text-subtle-foreground">Start of the conversation</p>}
        {groups.map((g) => (
          <Fragment key={g.day}>
            <div role="separator" aria-label={g.label} className="flex items-center gap-3 py-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">
              <span className="h-px flex-1 bg-border" />
              {g.label}
              <span className="h-px flex-1 bg-border" />
            </div>
            {g.messages.map((m) => (
              <MessageBubble key={m.id} message={m} leadName={leadName} nameOf={nameOf} />
            ))}
          </Fragment>
        ))}
        {drafts.map((d) => (
          <DraftCard key={d.id} draft={d} />
        ))}
      </div>
    );
  }

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        className="scrollbar-thin min-h-0 flex-1 overflow-y-auto"
        role="log"
        aria-label={`Conversation with ${leadName}`}
        aria-busy={query.isPending || undefined}
        aria-live="off"
        data-testid="timeline"
      >
        {body}
      </div>
      <div className="min-h-5 px-4 pb-1 md:px-6">
        <TypingIndicator entries={typing} leadName={leadName} meId={meId} />
      </div>
      {/* One polite announcement per new message, without re-reading the whole log. */}
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {newest && !newest.pending ? `${newest.direction === 'inbound' ? leadName : newest.author.kind === 'ai' ? 'AI agent' : 'Team'}: ${newest.text}` : ''}
      </p>
    </div>
  );
}
