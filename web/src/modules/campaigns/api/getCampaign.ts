import { api } from '@/lib/api/api';
import type { Campaign } from '../types/campaign';

export function getCampaign(id: string, signal?: AbortSignal): Promise<Campaign> {
  return api.get<Campaign>(`/api/campaigns/${encodeURIComponent(id)}`, { signal });
}
