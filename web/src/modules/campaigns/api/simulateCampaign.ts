import { api } from '@/lib/api/api';
import type { SimulationRequest, SimulationResult } from '../types/campaign';

/** Run the campaign's workflow on virtual time for one lead; nothing is sent or stored. */
export function simulateCampaign(id: string, request: SimulationRequest): Promise<SimulationResult> {
  return api.post<SimulationResult>(`/api/campaigns/${encodeURIComponent(id)}/simulate`, request);
}
