import { Badge } from '@/components/ui/badge';
import { CAMPAIGN_STATUS, runStatus } from '../lib/statusLabels';
import type { CampaignStatus } from '../types/campaign';

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const meta = CAMPAIGN_STATUS[status] ?? { label: status, tone: 'neutral' };
  return (
    <Badge variant={meta.tone} dot={status === 'active'} data-testid="campaign-status" data-status={status}>
      {meta.label}
    </Badge>
  );
}

export function RunStatusBadge({ status }: { status: string }) {
  const meta = runStatus(status);
  return (
    <Badge variant={meta.tone} data-testid="run-status" data-status={status}>
      {meta.label}
    </Badge>
  );
}
