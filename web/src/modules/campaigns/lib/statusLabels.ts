import type { BadgeProps } from '@/components/ui/badge';
import type { CampaignStatus } from '../types/campaign';

type Tone = NonNullable<BadgeProps['variant']>;

export const CAMPAIGN_STATUS: Record<CampaignStatus, { label: string; tone: Tone }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  active: { label: 'Running', tone: 'success' },
  paused: { label: 'Paused', tone: 'warning' },
  completed: { label: 'Completed', tone: 'info' },
  archived: { label: 'Archived', tone: 'outline' },
};

export const RUN_STATUS: Record<string, { label: string; tone: Tone }> = {
  active: { label: 'Active', tone: 'brand' },
  waiting: { label: 'Waiting', tone: 'warning' },
  paused: { label: 'Paused', tone: 'neutral' },
  completed: { label: 'Completed', tone: 'success' },
  exited: { label: 'Exited', tone: 'info' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'outline' },
  succeeded: { label: 'Done', tone: 'success' },
  running: { label: 'Running', tone: 'brand' },
  pending: { label: 'Pending', tone: 'neutral' },
};

export function runStatus(status: string) {
  return RUN_STATUS[status] ?? { label: status, tone: 'neutral' as Tone };
}
