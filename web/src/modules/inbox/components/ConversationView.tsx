import { ArrowLeft, Bot, CircleCheck, PanelRight, RotateCcw, UserRound } from 'lucide-react';
import { useEffect, type RefObject } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { WriteGuard } from '@/components/WriteGuard';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { Tooltip } from '@/components/ui/tooltip';
import { useConversation } from '../hooks/useConversation';
import { useConversationSubscription } from '../hooks/useConversationSubscription';
import { useMarkRead } from '../hooks/useMarkRead';
import type { ConversationMode } from '../types/conversation';
import { AssignMenu } from './AssignMenu';
import { Composer } from './Composer';
import { ModeBanner } from './ModeBanner';
import { PresenceAvatars } from './PresenceAvatars';
import { SandboxPanel } from './SandboxPanel';
import { Timeline } from './Timeline';

interface ConversationViewProps {
  conversationId: string;
  backTo: string;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  onToggleMode: (to: ConversationMode) => void;
  modePending: boolean;
  onDone: () => void;
  onReopen: () => void;
  onOpenLeadPanel: () => void;
}

/** The middle pane: who, who's in control, the live thread, the sandbox and the composer. */
export function ConversationView({ conversationId, backTo, textareaRef, onToggleMode, modePending, onDone, onReopen, onOpenLeadPanel }: ConversationViewProps) {
  const query = useConversation(conversationId);
  const markRead = useMarkRead();
  const live = useConversationSubscription(conversationId);
  const conversation = query.data;
  const unread = conversation?.unread ?? 0;
  const { mutate: markReadNow } = markRead;

  // Opening a conversation reads it; so does a message arriving while it is open.
  useEffect(() => {
    if (unread > 0) markReadNow(conversationId);
  }, [conversationId, unread, markReadNow]);

  if (query.isError && !conversation) {
    return (
      <div className="flex flex-1 items-center justify-center">
        <ErrorState error={query.error} title="Couldn't open this conversation" onRetry={() => query.refetch()} retrying={query.isFetching} />
      </div>
    );
  }
  if (!conversation) {
    return (
      <div className="flex flex-1 flex-col" aria-busy="true">
        <div className="flex h-14 items-center gap-3 border-b border-border px-4 md:px-6">
          <Skeleton className="size-8 rounded-full" />
          <Skeleton className="h-3.5 w-40" />
        </div>
        <div className="flex-1" />
      </div>
    );
  }

  const name = conversation.lead.full_name || conversation.lead.email || 'Unnamed lead';
  const human = conversation.mode === 'human';
  return (
    <div className="flex min-h-0 min-w-0 flex-1 flex-col" data-testid="conversation-view" data-mode={conversation.mode} data-live={live}>
      <header className="flex h-14 shrink-0 items-center gap-2 border-b border-border px-3 md:px-6">
        <Button asChild variant="ghost" size="icon-sm" className="md:hidden">
          <Link to={backTo} aria-label="Back to conversations">
            <ArrowLeft aria-hidden />
          </Link>
        </Button>
        <Avatar name={name} size="md" className="hidden sm:inline-flex" />
        <div className="grid min-w-0 flex-1 leading-tight">
          <div className="flex min-w-0 items-center gap-2">
            <h2 className="truncate text-sm font-semibold">{name}</h2>
            {conversation.status === 'closed' && (
              <Badge variant="neutral" className="hidden sm:inline-flex">
                Closed
              </Badge>
            )}
            <Badge variant={human ? 'warning' : 'brand'} className="hidden sm:inline-flex" data-testid="mode-badge">
              {human ? <UserRound aria-hidden /> : <Bot aria-hidden />}
              {human ? 'Human' : 'AI'}
            </Badge>
          </div>
          <p className="truncate text-xs text-muted-foreground">{conversation.lead.company_name ?? conversation.lead.email ?? conversation.lead.phone ?? ''}</p>
        </div>
        <div className="hidden sm:block">
          <PresenceAvatars conversationId={conversationId} />
        </div>
        <AssignMenu conversation={conversation} />
        {conversation.status === 'closed' ? (
          <WriteGuard tooltip="Reopen the conversation">
            <Button variant="ghost" size="icon-sm" aria-label="Reopen" onClick={onReopen}>
              <RotateCcw aria-hidden />
            </Button>
          </WriteGuard>
        ) : (
          <WriteGuard tooltip="Close (done) and go to the next" shortcut={['E']}>
            <Button variant="ghost" size="icon-sm" aria-label="Close conversation" onClick={onDone}>
              <CircleCheck aria-hidden />
            </Button>
          </WriteGuard>
        )}
        {human ? (
          <WriteGuard tooltip="The AI resumes with your turns in context" shortcut={['T']}>
            <Button size="sm" variant="secondary" onClick={() => onToggleMode('ai')} loading={modePending} data-testid="mode-toggle">
              {!modePending && <Bot aria-hidden />}
              Hand back
            </Button>
          </WriteGuard>
        ) : (
          <WriteGuard tooltip="Pause the AI and reply yourself" shortcut={['T']}>
            <Button size="sm" variant="primary" onClick={() => onToggleMode('human')} loading={modePending} data-testid="mode-toggle">
              {!modePending && <UserRound aria-hidden />}
              Take over
            </Button>
          </WriteGuard>
        )}
        <Tooltip content="Lead details">
          <Button variant="ghost" size="icon-sm" className="xl:hidden" aria-label="Lead details" onClick={onOpenLeadPanel}>
            <PanelRight aria-hidden />
          </Button>
        </Tooltip>
      </header>
      <ModeBanner conversation={conversation} onHandBack={() => onToggleMode('ai')} pending={modePending} />
      <Timeline key={conversationId} conversationId={conversationId} leadName={name} />
      <SandboxPanel conversation={conversation} />
      <Composer key={conversationId} conversation={conversation} textareaRef={textareaRef} />
    </div>
  );
}
