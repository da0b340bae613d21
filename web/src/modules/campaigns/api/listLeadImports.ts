import { api } from '@/lib/api/api';

export interface LeadImport {
  id: string;
  filename: string;
  status: string;
  created: number;
  merged: number;
  created_at: string;
}

export async function listLeadImports(signal?: AbortSignal): Promise<LeadImport[]> {
  return (await api.get<{ items: LeadImport[] }>('/api/leads/imports', { signal })).items;
}
