import { api } from '@/lib/api/api';
import type { Agent, AgentInput } from '../types/agent';

export function updateAgent(id: string, input: Partial<AgentInput>): Promise<Agent> {
  return api.patch<Agent>(`/api/agents/${encodeURIComponent(id)}`, input);
}
