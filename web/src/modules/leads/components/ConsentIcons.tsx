import { Ban } from 'lucide-react';
import { ChannelIcon } from '@/components/ChannelIcon';
import { CHANNEL_LABELS } from '@/lib/channelLabels';
import { cn } from '@/lib/cn';
import { CHANNELS, type Lead } from '../types/lead';

const GRANTED: Record<string, string> = {
  email: 'text-channel-email',
  sms: 'text-channel-sms',
  whatsapp: 'text-channel-whatsapp',
  voice: 'text-channel-voice',
  linkedin: 'text-channel-linkedin',
};

const STATUS_WORD = { granted: 'consent granted', revoked: 'consent revoked', unknown: 'no consent recorded' };

/** Five channel glyphs: coloured = may contact, struck = revoked, faint = unknown. */
export function ConsentIcons({ lead, className }: { lead: Lead; className?: string }) {
  const summary = CHANNELS.map((c) => `${CHANNEL_LABELS[c]}: ${STATUS_WORD[lead.consents?.[c]?.status ?? 'unknown']}`).join(', ');
  return (
    <span className={cn('inline-flex items-center gap-1', className)}>
      {lead.do_not_contact && (
        <span
          className="mr-0.5 inline-flex h-5 items-center gap-1 rounded-md bg-danger-tint px-1.5 text-[11px] font-semibold text-danger"
          title="Do not contact"
        >
          <Ban className="size-3" aria-hidden />
          DNC
        </span>
      )}
      <span className={cn('inline-flex items-center gap-1', lead.do_not_contact && 'opacity-40')} aria-hidden title={summary}>
        {CHANNELS.map((channel) => {
          const status = lead.consents?.[channel]?.status ?? 'unknown';
          return (
            <span
              key={channel}
              className={cn(
                'relative inline-flex size-5 items-center justify-center rounded',
                status === 'granted' && GRANTED[channel],
                status === 'revoked' && 'text-danger',
                status === 'unknown' && 'text-subtle-foreground/50',
              )}
              data-channel={channel}
              data-status={status}
            >
              <ChannelIcon channel={channel} className="size-3.5" />
              {status === 'revoked' && <span className="absolute h-px w-4 rotate-45 bg-current" />}
            </span>
          );
        })}
      </span>
      <span className="sr-only">{(lead.do_not_contact ? 'Do not contact. ' : '') + summary}</span>
    </span>
  );
}
