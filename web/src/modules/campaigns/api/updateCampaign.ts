import { api } from '@/lib/api/api';
import type { Campaign, CampaignInput } from '../types/campaign';

/** Allowed while the campaign is a draft or paused. */
export function updateCampaign(id: string, patch: CampaignInput): Promise<Campaign> {
  return api.patch<Campaign>(`/api/campaigns/${encodeURIComponent(id)}`, patch);
}
