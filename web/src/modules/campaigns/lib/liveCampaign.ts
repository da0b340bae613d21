import type { CampaignStats, RunStatus, StatsTotals } from '../types/campaign';

/** The live events a campaign page listens for (docs/workflows.md, "Live events"). */
export type CampaignEvent =
  | { type: 'campaign.stats'; campaign_id: string; totals: StatsTotals }
  | { type: 'workflow_run.updated'; run_id: string; campaign_id: string; lead_id: string; status: RunStatus; current_node: string | null };

export function isCampaignEvent(event: { type: string }): event is CampaignEvent {
  return event.type === 'campaign.stats' || event.type === 'workflow_run.updated';
}

/** The stats with new totals from a `campaign.stats` event (nodes and variants come from the next fetch). */
export function withTotals(stats: CampaignStats | undefined, totals: StatsTotals): CampaignStats | undefined {
  return stats ? { ...stats, totals } : stats;
}
