import { Tooltip } from '@/components/ui/tooltip';
import { cn } from '@/lib/cn';
import { useConnectionStore } from '@/lib/realtime/useConnectionStore';

const LABELS = {
  idle: 'Live updates starting',
  connecting: 'Connecting to live updates…',
  open: 'Live — updates arrive as they happen',
  reconnecting: 'Reconnecting… lists may be a little behind',
  closed: 'Live updates are off',
} as const;

/** A quiet dot in the top bar: green when live, amber while (re)connecting. */
export function ConnectionIndicator() {
  const status = useConnectionStore((s) => s.status);
  const live = status === 'open';
  return (
    <Tooltip content={LABELS[status]} side="bottom" align="end">
      <span
        role="status"
        tabIndex={0}
        aria-label={LABELS[status]}
        data-testid="connection-indicator"
        data-status={status}
        className="focus-ring inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-xs text-muted-foreground"
      >
        <span className="relative flex size-2">
          {!live && status !== 'closed' && <span className="absolute inline-flex size-full animate-ping rounded-full bg-warning opacity-60 motion-reduce:hidden" />}
          <span className={cn('relative inline-flex size-2 rounded-full', live ? 'bg-success' : status === 'closed' ? 'bg-subtle-foreground' : 'bg-warning')} />
        </span>
        <span className="hidden lg:inline">{live ? 'Live' : status === 'reconnecting' ? 'Reconnecting' : status === 'closed' ? 'Offline' : 'Connecting'}</span>
      </span>
    </Tooltip>
  );
}
