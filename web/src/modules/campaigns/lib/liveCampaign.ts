import type { CampaignStats, RunStatus, StatsTotals } from '../types/campaign';

/** The live events a campaign page listens for (docs/workflows.md, "Live events"). */
export type CampaignEvent =
  | { type: 'campaign.stats'; campaign_id: string; totals: Partial<StatsTotals> }
  | { type: 'workflow_run.updated'; run_id: string; campaign_id: string; lead_id: string; status: RunStatus; current_node: string | null };

export function isCampaignEvent(event: { type: string }): event is CampaignEvent {
  return event.type === 'campaign.stats' || event.type === 'workflow_run.updated';
}

/**
 * The stats with the totals a `campaign.stats` event carries laid over the ones we have (an
 * event may carry only the run counts); nodes and variants come with the next fetch.
 */
export function withTotals(stats: CampaignStats | undefined, totals: Partial<StatsTotals>): CampaignStats | undefined {
  return stats ? { ...stats, totals: { ...stats.totals, ...totals } } : stats;
}
