import { Link } from 'react-router';
import { ChannelIcon } from '@/components/ChannelIcon';
import { CHANNEL_LABELS } from '@/lib/channelLabels';
import { formatNumber, formatPercent } from '@/lib/format';
import { CHANNELS, type Channel } from '@/modules/leads/types/lead';

export function ContactableChannels({ data, total }: { data: { channel: Channel; count: number }[]; total: number }) {
  const counts = new Map(data.map((d) => [d.channel, d.count]));
  return (
    <ul className="grid gap-1">
      {CHANNELS.map((c) => {
        const count = counts.get(c) ?? 0;
        return (
          <li key={c}>
            <Link
              to={`/leads?consent=${c}`}
              className="focus-ring flex items-center gap-3 rounded-md px-1.5 py-1.5 hover:bg-hover"
              aria-label={`${CHANNEL_LABELS[c]}: ${formatNumber(count)} leads with consent`}
            >
              <ChannelIcon channel={c} badge />
              <span className="flex-1 text-[13px]">{CHANNEL_LABELS[c]}</span>
              <span className="text-[13px] font-medium tabular-nums">{formatNumber(count)}</span>
              <span className="w-10 text-right text-xs text-muted-foreground tabular-nums">{formatPercent(count, total)}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
