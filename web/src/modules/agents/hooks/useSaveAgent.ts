import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { createAgent } from '../api/createAgent';
import { updateAgent } from '../api/updateAgent';
import type { AgentInput } from '../types/agent';

export function useSaveAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: Partial<AgentInput> }) => (id ? updateAgent(id, input) : createAgent(input as AgentInput)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.agents.all }),
  });
}
