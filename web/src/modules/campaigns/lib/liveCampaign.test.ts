import { describe, expect, test } from 'vitest';
import type { CampaignStats, StatsTotals } from '../types/campaign';
import { isCampaignEvent, withTotals } from './liveCampaign';

const totals = (enrolled: number): StatsTotals => ({
  enrolled,
  active: 0,
  waiting: 0,
  paused: 0,
  completed: 0,
  exited: 0,
  exited_by_reason: {},
  failed: 0,
  sent: 0,
  delivered: 0,
  opened: 0,
  clicked: 0,
  replied: 0,
  positive_replies: 0,
  meetings: 0,
});

describe('live campaign events', () => {
  test('recognises the campaign events and nothing else', () => {
    expect(isCampaignEvent({ type: 'campaign.stats' })).toBe(true);
    expect(isCampaignEvent({ type: 'workflow_run.updated' })).toBe(true);
    expect(isCampaignEvent({ type: 'message.created' })).toBe(false);
  });

  test('new totals replace the old ones they name and keep the rest and the per-node counts', () => {
    const stats: CampaignStats = { totals: { ...totals(1), sent: 7 }, nodes: { send_1: { entered: 1, succeeded: 1, failed: 0, waiting: 0 } }, variants: {} };
    const next = withTotals(stats, { enrolled: 5, waiting: 4 })!;
    expect(next.totals).toMatchObject({ enrolled: 5, waiting: 4, sent: 7 });
    expect(next.nodes).toBe(stats.nodes);
    expect(withTotals(undefined, totals(5))).toBeUndefined();
  });
});
