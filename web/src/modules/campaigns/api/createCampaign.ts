import { api } from '@/lib/api/api';
import type { Campaign, CampaignInput } from '../types/campaign';

export function createCampaign(input: CampaignInput & { name: string; workflow_id: string }): Promise<Campaign> {
  return api.post<Campaign>('/api/campaigns', input);
}
