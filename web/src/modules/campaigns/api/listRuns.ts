import { api } from '@/lib/api/api';
import type { RunSummary } from '../types/campaign';

export interface RunsPage {
  items: RunSummary[];
  next_cursor: string | null;
}

export function listRuns(campaignId: string, params: { status?: string; cursor?: string; limit?: number }, signal?: AbortSignal): Promise<RunsPage> {
  return api.get<RunsPage>(`/api/campaigns/${encodeURIComponent(campaignId)}/runs`, { query: { limit: 50, ...params }, signal });
}
