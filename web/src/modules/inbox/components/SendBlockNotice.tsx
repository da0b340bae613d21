import { Ban, Clock, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';
import { describeRelease, SEND_BLOCK_TEXT, zoneFromReason, type SendBlock } from '../lib/sendBlock';

/**
 * Why a send was refused, or why it waits (quiet hours): a plain headline, the server's own
 * reason, and what to do. A hold says when the message goes, in the lead's time and yours.
 */
export function SendBlockNotice({ block, leadZone, onDismiss }: { block: SendBlock; leadZone: string | null; onDismiss?: () => void }) {
  const held = block.code === 'quiet_hours';
  const text = SEND_BLOCK_TEXT[block.code];
  const Icon = held ? Clock : Ban;
  return (
    <div
      role={held ? 'status' : 'alert'}
      data-testid="send-block"
      data-code={block.code}
      className={cn(
        'flex items-start gap-2.5 rounded-lg border px-3 py-2.5 text-[13px] leading-5',
        held ? 'border-info/30 bg-info-tint text-foreground' : 'border-danger/30 bg-danger-tint text-foreground',
      )}
    >
      <Icon className={cn('mt-0.5 size-4 shrink-0', held ? 'text-info' : 'text-danger')} aria-hidden />
      <div className="grid min-w-0 flex-1 gap-0.5">
        <p className={cn('font-medium', held ? 'text-info' : 'text-danger')}>{held ? 'Queued: held for quiet hours' : `Not sent: ${text.title.charAt(0).toLowerCase()}${text.title.slice(1)}`}</p>
        {held && block.retryAt ? (
          <p data-testid="send-block-release">Goes out {describeRelease(block.retryAt, leadZone ?? zoneFromReason(block.reason))}.</p>
        ) : null}
        {block.reason && <p className="text-muted-foreground [overflow-wrap:anywhere]">{block.reason}</p>}
        <p className="text-xs text-muted-foreground">{text.action}</p>
      </div>
      {onDismiss && (
        <Button size="icon-sm" variant="ghost" aria-label="Dismiss" onClick={onDismiss} className="-mr-1 -mt-1">
          <X aria-hidden />
        </Button>
      )}
    </div>
  );
}
