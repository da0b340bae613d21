import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getCampaign } from '../api/getCampaign';
import { listCampaigns } from '../api/listCampaigns';

export function useCampaigns() {
  return useQuery({ queryKey: queryKeys.campaigns.list, queryFn: ({ signal }) => listCampaigns(signal) });
}

export function useCampaign(id: string) {
  return useQuery({ queryKey: queryKeys.campaigns.detail(id), queryFn: ({ signal }) => getCampaign(id, signal) });
}
