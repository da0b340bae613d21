import { Bot, PenLine, UserRound } from 'lucide-react';
import { Link } from 'react-router';
import { ChannelIcon } from '@/components/ChannelIcon';
import { Avatar } from '@/components/ui/avatar';
import { cn } from '@/lib/cn';
import { formatListTime } from '../lib/groupByDay';
import type { Conversation } from '../types/conversation';

export const CONVERSATION_ROW_HEIGHT = 76;

/** One conversation in the list: who, the latest line, when, and what needs attention. */
export function ConversationRow({ conversation: c, to, active, now }: { conversation: Conversation; to: string; active: boolean; now: number }) {
  const name = c.lead.full_name || c.lead.email || c.lead.phone || 'Unnamed lead';
  const unread = c.unread > 0;
  const preview = c.last_direction === 'note' ? `Note: ${c.last_message_preview ?? ''}` : c.last_direction === 'outbound' ? `Sent: ${c.last_message_preview ?? ''}` : (c.last_message_preview ?? '');
  return (
    <Link
      to={to}
      aria-current={active ? 'page' : undefined}
      data-conversation-id={c.id}
      data-testid="conversation-row"
      className={cn(
        'focus-ring flex h-full items-start gap-3 border-b border-border/60 px-4 py-3 outline-none transition-colors hover:bg-hover/70 focus-visible:bg-hover',
        active && 'bg-primary-tint/60 shadow-[inset_2px_0_0_var(--primary)] hover:bg-primary-tint/80',
      )}
    >
      <Avatar name={name} size="md" />
      <div className="grid min-w-0 flex-1 gap-0.5">
        <div className="flex items-center gap-1.5">
          <span className={cn('min-w-0 flex-1 truncate text-[13px]', unread ? 'font-semibold text-foreground' : 'font-medium text-foreground/90')}>{name}</span>
          <time className="shrink-0 text-[11px] text-muted-foreground tabular-nums" dateTime={c.last_message_at ? new Date(c.last_message_at).toISOString() : undefined}>
            {formatListTime(c.last_message_at, now)}
          </time>
        </div>
        <p className={cn('truncate text-xs', unread ? 'text-foreground/80' : 'text-muted-foreground')}>{preview || 'No messages yet'}</p>
        <div className="mt-0.5 flex items-center gap-1.5 text-muted-foreground">
          {c.last_channel && <ChannelIcon channel={c.last_channel} className="size-3" />}
          <span
            className={cn('inline-flex h-4 items-center gap-1 rounded px-1 text-[10px] font-medium', c.mode === 'human' ? 'bg-warning-tint text-warning' : 'bg-primary-tint text-primary-text')}
            title={c.mode === 'human' ? 'A human is in control' : 'The AI is in control'}
          >
            {c.mode === 'human' ? <UserRound className="size-2.5" aria-hidden /> : <Bot className="size-2.5" aria-hidden />}
            {c.mode === 'human' ? 'Human' : 'AI'}
          </span>
          {c.pending_draft && (
            <span className="inline-flex h-4 items-center gap-1 rounded bg-info-tint px-1 text-[10px] font-medium text-info" title="An AI draft awaits approval" data-testid="pending-draft">
              <PenLine className="size-2.5" aria-hidden />
              Draft
            </span>
          )}
          {c.status === 'closed' && <span className="text-[10px]">Closed</span>}
          {unread && (
            <span
              className="ml-auto inline-flex h-4 min-w-4 items-center justify-center rounded-full bg-primary px-1 text-[10px] font-semibold text-primary-foreground tabular-nums"
              data-testid="unread-badge"
            >
              {c.unread}
              <span className="sr-only"> unread</span>
            </span>
          )}
        </div>
      </div>
    </Link>
  );
}
