import { Bot, Lock } from 'lucide-react';
import { ChannelIcon } from '@/components/ChannelIcon';
import { cn } from '@/lib/cn';
import { channelLabel } from '../lib/channelLabel';
import { parseBlockedReason } from '../lib/sendBlock';
import { formatTime } from '../lib/groupByDay';
import type { Message } from '../types/conversation';
import { DeliveryStatus } from './DeliveryStatus';
import { GeneratorBadge } from './GeneratorBadge';

/** Resolves a teammate's display name from their user id (the signed-in user reads "You"). */
export type NameOf = (userId: string | null | undefined) => string | null;

function authorName(message: Message, leadName: string, nameOf: NameOf): string {
  switch (message.author.kind) {
    case 'lead':
      return leadName;
    case 'ai':
      return 'AI agent';
    case 'human':
      return nameOf(message.author.user_id) ?? message.author.name ?? 'Teammate';
    default:
      return 'System';
  }
}

/** One message of the merged timeline: the lead on the left, the team on the right, notes apart. */
export function MessageBubble({ message, leadName, nameOf }: { message: Message; leadName: string; nameOf: NameOf }) {
  const { direction, author } = message;
  const common = {
    'data-testid': 'message',
    'data-message-id': message.id,
    'data-direction': direction,
    'data-author-kind': author.kind,
    'data-status': message.status,
  };

  if (author.kind === 'system') {
    return (
      <div {...common} className="flex justify-center py-1">
        <p className="max-w-[80%] text-center text-xs text-muted-foreground">{message.text}</p>
      </div>
    );
  }

  if (direction === 'note') {
    return (
      <article {...common} aria-label={`Internal note by ${authorName(message, leadName, nameOf)}`} className="mx-auto w-full max-w-[min(640px,92%)]">
        <div className="rounded-lg border border-dashed border-warning/40 bg-warning-tint px-3 py-2">
          <p className="mb-1 flex items-center gap-1.5 text-xs font-medium text-warning">
            <Lock className="size-3" aria-hidden />
            Internal note · {authorName(message, leadName, nameOf)}
            <span className="ml-auto font-normal tabular-nums opacity-80">{formatTime(message.created_at)}</span>
          </p>
          <p className="whitespace-pre-wrap break-words text-[13px] leading-5 text-foreground">{message.text}</p>
        </div>
      </article>
    );
  }

  const inbound = direction === 'inbound';
  const ai = author.kind === 'ai';
  return (
    <article
      {...common}
      aria-label={`${inbound ? 'From' : 'Sent by'} ${authorName(message, leadName, nameOf)}`}
      className={cn('flex w-full', inbound ? 'justify-start' : 'justify-end', message.pending && 'opacity-70')}
    >
      <div className={cn('grid max-w-[min(560px,85%)] gap-1', inbound ? 'justify-items-start' : 'justify-items-end')}>
        <div className="flex items-center gap-1.5 px-1 text-xs text-muted-foreground">
          {ai && <Bot className="size-3.5 text-primary-text" aria-hidden />}
          <span className={cn('font-medium', ai ? 'text-primary-text' : 'text-foreground/80')}>{authorName(message, leadName, nameOf)}</span>
          {ai && <GeneratorBadge generator={author.generator} offline={author.offline} />}
        </div>
        <div
          className={cn(
            'rounded-2xl px-3.5 py-2 text-[13px] leading-5 shadow-card',
            inbound && 'rounded-bl-md border border-border bg-surface-raised',
            !inbound && ai && 'rounded-br-md border border-primary/20 bg-primary-tint text-foreground',
            !inbound && !ai && 'rounded-br-md bg-primary text-primary-foreground',
          )}
        >
          {message.subject && <p className="mb-1 font-semibold">{message.subject}</p>}
          <p className="whitespace-pre-wrap break-words">{message.text}</p>
        </div>
        <div className="flex items-center gap-1.5 px-1 text-[11px] text-muted-foreground tabular-nums">
          <span className="inline-flex items-center gap-1" title={channelLabel(message.channel)}>
            <ChannelIcon channel={message.channel} className="size-3" />
            <span className="sr-only">via {channelLabel(message.channel)},</span>
          </span>
          <time dateTime={new Date(message.created_at).toISOString()}>{formatTime(message.created_at)}</time>
          {!inbound && <DeliveryStatus status={message.status} error={message.error} />}
        </div>
        {message.status === 'failed' && message.error && <p className="px-1 text-xs text-danger">{message.error}</p>}
        {message.status !== 'failed' && !inbound && message.error && (
          <p className="px-1 text-xs text-muted-foreground" data-testid="message-waiting">
            Waiting: {parseBlockedReason(message.error)?.reason || message.error}
          </p>
        )}
      </div>
    </article>
  );
}
