import { api } from '@/lib/api/api';
import type { Campaign } from '../types/campaign';

export async function listCampaigns(signal?: AbortSignal): Promise<Campaign[]> {
  return (await api.get<{ items: Campaign[] }>('/api/campaigns', { signal })).items;
}
