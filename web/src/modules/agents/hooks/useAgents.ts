import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listAgents } from '../api/listAgents';

export function useAgents() {
  return useQuery({ queryKey: queryKeys.agents.all, queryFn: ({ signal }) => listAgents(signal) });
}
