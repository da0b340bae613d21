import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onRealtimeEvent, onRealtimeReconnect } from '@/lib/realtime/realtime';
import { queryKeys } from '@/lib/queryKeys';
import { isCampaignEvent, withTotals } from '../lib/liveCampaign';
import type { CampaignStats } from '../types/campaign';

/** How often at most a burst of run updates refetches the per-node counts and the runs. */
const REFRESH_MS = 1_000;

/**
 * Keeps a campaign page live: `campaign.stats` replaces the counters in place, and
 * `workflow_run.updated` refreshes the per-node counts, the runs list and the open run
 * (batched, so 1,000 leads moving at once is one refetch, not a thousand).
 */
export function useCampaignLive(campaignId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const changedRuns = new Set<string>();
    const flush = () => {
      timer = null;
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.stats(campaignId) });
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'runs', campaignId] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.detail(campaignId) });
      for (const id of changedRuns) void queryClient.invalidateQueries({ queryKey: queryKeys.runs.detail(id) });
      changedRuns.clear();
    };
    const schedule = () => {
      timer ??= setTimeout(flush, REFRESH_MS);
    };
    const offEvent = onRealtimeEvent((frame) => {
      // The inbox's event union does not list the workflow events; read the frame by its type.
      const event: { type: string } = frame;
      if (!isCampaignEvent(event) || event.campaign_id !== campaignId) return;
      if (event.type === 'campaign.stats') {
        queryClient.setQueryData<CampaignStats>(queryKeys.campaigns.stats(campaignId), (old) => withTotals(old, event.totals));
      } else {
        changedRuns.add(event.run_id);
        schedule();
      }
    });
    const offReconnect = onRealtimeReconnect(flush);
    return () => {
      offEvent();
      offReconnect();
      if (timer) clearTimeout(timer);
    };
  }, [campaignId, queryClient]);
}
