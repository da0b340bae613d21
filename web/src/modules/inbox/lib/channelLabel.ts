import { CHANNEL_LABELS } from '@/lib/channelLabels';
import type { MessageChannel } from '../types/conversation';

export function channelLabel(channel: MessageChannel | null | undefined): string {
  if (!channel) return '—';
  if (channel === 'sandbox') return 'Sandbox';
  return CHANNEL_LABELS[channel] ?? channel;
}
