import { api } from '@/lib/api/api';
import type { Lead, LeadInput } from '../types/lead';

export function updateLead(id: string, input: LeadInput): Promise<Lead> {
  return api.patch<Lead>(`/api/leads/${encodeURIComponent(id)}`, input);
}
