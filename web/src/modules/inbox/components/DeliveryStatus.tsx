import { Check, CheckCheck, CircleAlert, Clock } from 'lucide-react';
import { cn } from '@/lib/cn';
import type { MessageStatus } from '../types/conversation';

const LABELS: Record<MessageStatus, string> = {
  received: 'Received',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  task_open: 'LinkedIn task open',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
};

/** Ticks for an outbound message: clock → one tick → two ticks → two coloured ticks, or a warning. */
export function DeliveryStatus({ status, error, className }: { status: MessageStatus; error?: string | null; className?: string }) {
  const label = status === 'failed' && error ? `Failed: ${error}` : LABELS[status];
  const Icon = status === 'queued' || status === 'sending' ? Clock : status === 'sent' ? Check : status === 'failed' ? CircleAlert : CheckCheck;
  return (
    <span
      className={cn('inline-flex items-center gap-1', status === 'read' && 'text-info', status === 'failed' && 'text-danger', className)}
      title={label}
      data-testid="delivery-status"
      data-status={status}
    >
      <Icon className="size-3.5" aria-hidden />
      <span className={status === 'failed' ? '' : 'sr-only'}>{status === 'failed' ? 'Not delivered' : label}</span>
    </span>
  );
}
