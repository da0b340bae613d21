import { api } from '@/lib/api/api';

/** Allowed while the campaign is a draft. */
export function deleteCampaign(id: string): Promise<void> {
  return api.delete(`/api/campaigns/${encodeURIComponent(id)}`);
}
