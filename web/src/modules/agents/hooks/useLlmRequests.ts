import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listLlmRequests } from '../api/listLlmRequests';

export function useLlmRequests(agentId: string) {
  return useQuery({
    queryKey: queryKeys.llmRequests(agentId),
    queryFn: ({ signal }) => listLlmRequests({ agent_id: agentId || undefined, limit: 200 }, signal),
    refetchInterval: 15_000,
  });
}
