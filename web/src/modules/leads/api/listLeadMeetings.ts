import { api } from '@/lib/api/api';
import type { Meeting } from '../types/meeting';

export function listLeadMeetings(leadId: string, signal?: AbortSignal): Promise<Meeting[]> {
  return api.get<Meeting[]>(`/api/leads/${encodeURIComponent(leadId)}/meetings`, { signal });
}
