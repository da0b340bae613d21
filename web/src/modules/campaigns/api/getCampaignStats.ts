import { api } from '@/lib/api/api';
import type { CampaignStats } from '../types/campaign';

export function getCampaignStats(id: string, signal?: AbortSignal): Promise<CampaignStats> {
  return api.get<CampaignStats>(`/api/campaigns/${encodeURIComponent(id)}/stats`, { signal });
}
