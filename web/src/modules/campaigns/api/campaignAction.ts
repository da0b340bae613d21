import { api } from '@/lib/api/api';
import type { Campaign } from '../types/campaign';

export type CampaignAction = 'launch' | 'pause' | 'resume';

/** Launch (pins the latest published version and enrols the audience), pause or resume. */
export function campaignAction(id: string, action: CampaignAction): Promise<Campaign | undefined> {
  return api.post<Campaign | undefined>(`/api/campaigns/${encodeURIComponent(id)}/${action}`);
}
