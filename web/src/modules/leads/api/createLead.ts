import { api } from '@/lib/api/api';
import type { Lead, LeadInput } from '../types/lead';

export function createLead(input: LeadInput): Promise<Lead> {
  return api.post<Lead>('/api/leads', input);
}
