import { api } from '@/lib/api/api';
import type { Agent, AgentInput } from '../types/agent';

export function createAgent(input: AgentInput): Promise<Agent> {
  return api.post<Agent>('/api/agents', input);
}
