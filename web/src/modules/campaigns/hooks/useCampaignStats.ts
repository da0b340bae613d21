import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getCampaignStats } from '../api/getCampaignStats';

export function useCampaignStats(id: string) {
  return useQuery({ queryKey: queryKeys.campaigns.stats(id), queryFn: ({ signal }) => getCampaignStats(id, signal) });
}
