import { api } from '@/lib/api/api';
import type { Agent } from '../types/agent';

export async function listAgents(signal?: AbortSignal): Promise<Agent[]> {
  return (await api.get<{ items: Agent[] }>('/api/agents', { signal })).items;
}
