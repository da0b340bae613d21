import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { closeLinkedinTask } from '../api/closeLinkedinTask';
import type { LinkedinTask } from '../types/linkedinTask';

/** Close a task and put the server's copy in the list at once (the conversation hears it live). */
export function useCloseLinkedinTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason?: string }) => closeLinkedinTask(id, reason === undefined ? { done: true } : { done: false, reason }),
    onSuccess: (closed) => {
      queryClient.setQueryData<LinkedinTask[]>(queryKeys.linkedinTasksAll, (tasks) => tasks?.map((t) => (t.id === closed.id ? closed : t)));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.linkedinTasksAll }),
  });
}
