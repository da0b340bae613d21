import { MessagesSquare } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { Kbd } from '@/components/ui/kbd';
import { Sheet, SheetContent, SheetTitle } from '@/components/ui/sheet';
import { cn } from '@/lib/cn';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { useConversation } from '../hooks/useConversation';
import { useConversationsInfinite } from '../hooks/useConversationsInfinite';
import { useInboxFilters } from '../hooks/useInboxFilters';
import { useInboxShortcuts } from '../hooks/useInboxShortcuts';
import { useModeToggle } from '../hooks/useModeToggle';
import { useSetStatus } from '../hooks/useSetStatus';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { LeadPanel } from './LeadPanel';
import { ShortcutsDialog } from './ShortcutsDialog';
import { StartConversationDialog } from './StartConversationDialog';

/** Three panes: conversations, the live thread, the lead. Routes `/inbox` and `/inbox/:conversationId`. */
export function InboxPage() {
  const { conversationId = null } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const { canEdit } = usePermissions();
  const { filters, setFilters } = useInboxFilters();
  const list = useConversationsInfinite(filters);
  const conversations = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const detail = useConversation(conversationId);
  const modeToggle = useModeToggle(conversationId ?? '');
  const setStatus = useSetStatus();
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [startOpen, setStartOpen] = useState(false);
  const [leadSheetOpen, setLeadSheetOpen] = useState(false);

  const hrefFor = (id: string) => `/inbox/${encodeURIComponent(id)}${search}`;
  const index = conversationId ? conversations.findIndex((c) => c.id === conversationId) : -1;

  function go(offset: number) {
    if (!conversations.length) return;
    const next = index === -1 ? 0 : Math.min(conversations.length - 1, Math.max(0, index + offset));
    if (conversations[next] && conversations[next].id !== conversationId) navigate(hrefFor(conversations[next].id));
  }

  function toggleMode(to?: 'ai' | 'human') {
    const current = detail.data?.mode;
    if (!conversationId || !current || !canEdit || modeToggle.isPending) return;
    modeToggle.mutate(to ?? (current === 'ai' ? 'human' : 'ai'));
  }

  function done() {
    if (!conversationId || !canEdit) return;
    if (detail.data?.status !== 'closed') setStatus.mutate({ id: conversationId, status: 'closed' });
    go(1);
  }

  function reopen() {
    if (conversationId && canEdit) setStatus.mutate({ id: conversationId, status: 'open' });
  }

  useInboxShortcuts({
    next: () => go(1),
    previous: () => go(-1),
    reply: () => replyRef.current?.focus(),
    done,
    toggleMode: () => toggleMode(),
    help: () => setHelpOpen(true),
  });

  return (
    <div className="flex h-full min-h-0" data-testid="inbox">
      <aside className={cn('min-h-0 w-full shrink-0 flex-col border-r border-border md:flex md:w-[320px] lg:w-[340px]', conversationId ? 'hidden' : 'flex')}>
        <ConversationList
          conversations={conversations}
          loading={!list.data}
          error={list.error}
          onRetry={() => void list.refetch()}
          hasNextPage={!!list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={() => void list.fetchNextPage()}
          filters={filters}
          onFiltersChange={setFilters}
          activeId={conversationId}
          hrefFor={hrefFor}
          onNew={() => setStartOpen(true)}
        />
      </aside>
      <section className={cn('min-h-0 min-w-0 flex-1 flex-col', conversationId ? 'flex' : 'hidden md:flex')} aria-label="Conversation">
        {conversationId ? (
          <ConversationView
            key={conversationId}
            conversationId={conversationId}
            backTo={`/inbox${search}`}
            textareaRef={replyRef}
            onToggleMode={toggleMode}
            modePending={modeToggle.isPending}
            onDone={done}
            onReopen={reopen}
            onOpenLeadPanel={() => setLeadSheetOpen(true)}
          />
        ) : (
          <div className="flex flex-1 items-center justify-center p-6">
            <EmptyState
              icon={MessagesSquare}
              title="Pick a conversation"
              description={
                <>
                  Choose one on the left to watch it live, or use <Kbd>J</Kbd> and <Kbd>K</Kbd> to move through them. Press <Kbd>?</Kbd> for every shortcut.
                </>
              }
            />
          </div>
        )}
      </section>
      {conversationId && detail.data && (
        <aside className="scrollbar-thin hidden w-[300px] shrink-0 overflow-y-auto border-l border-border bg-surface xl:block" aria-label="Lead">
          <LeadPanel conversation={detail.data} />
        </aside>
      )}
      <Sheet open={leadSheetOpen && !!detail.data} onOpenChange={setLeadSheetOpen}>
        <SheetContent aria-describedby={undefined} className="sm:max-w-[360px]">
          <SheetTitle className="sr-only">Lead details</SheetTitle>
          <div className="scrollbar-thin overflow-y-auto">{detail.data && <LeadPanel conversation={detail.data} />}</div>
        </SheetContent>
      </Sheet>
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
      <StartConversationDialog open={startOpen} onOpenChange={setStartOpen} onOpened={(id) => navigate(hrefFor(id))} />
    </div>
  );
}
