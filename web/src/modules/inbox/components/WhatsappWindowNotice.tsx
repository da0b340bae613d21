import { Clock, MessageCircleWarning } from 'lucide-react';
import type { ReactNode } from 'react';
import { formatRelative } from '@/lib/format';
import type { WhatsappWindow } from '../lib/whatsappWindow';

function hoursLeft(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Before anyone types: whether free-form WhatsApp is allowed now, and the way out when it is not. */
export function WhatsappWindowNotice({ window, now, action }: { window: WhatsappWindow; now: number; action: ReactNode }) {
  if (window.state === 'unknown') return null;
  if (window.state === 'open') {
    return (
      <p className="flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="whatsapp-window" data-state="open">
        <Clock className="size-3.5" aria-hidden />
        WhatsApp window open: free-form replies allowed for {hoursLeft(window.closesAt - now)} more.
      </p>
    );
  }
  return (
    <div className="flex flex-wrap items-start gap-2.5 rounded-lg border border-warning/30 bg-warning-tint px-3 py-2.5 text-[13px] leading-5" role="status" data-testid="whatsapp-window" data-state="closed">
      <MessageCircleWarning className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
      <div className="grid min-w-0 flex-1 gap-0.5">
        <p className="font-medium text-warning">The 24-hour WhatsApp window is closed</p>
        <p className="text-muted-foreground">
          {window.lastInboundAt ? `The lead last wrote on WhatsApp ${formatRelative(new Date(window.lastInboundAt), new Date(now))}.` : 'The lead has not written on WhatsApp.'} A free-form message would be
          refused; send an approved template instead.
        </p>
      </div>
      <div className="shrink-0">{action}</div>
    </div>
  );
}
