import { api } from '@/lib/api/api';
import type { LlmRequest } from '../types/agent';

export async function listLlmRequests(filters: { agent_id?: string; lead_id?: string; limit?: number }, signal?: AbortSignal): Promise<LlmRequest[]> {
  return (await api.get<{ items: LlmRequest[] }>('/api/llm-requests', { query: filters, signal })).items;
}
