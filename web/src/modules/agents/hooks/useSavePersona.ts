import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { createPersona } from '../api/createPersona';
import { updatePersona } from '../api/updatePersona';
import type { PersonaInput } from '../types/agent';

export function useSavePersona() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: PersonaInput }) => (id ? updatePersona(id, input) : createPersona(input)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.personas }),
  });
}
