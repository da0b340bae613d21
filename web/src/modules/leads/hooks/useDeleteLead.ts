import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { deleteLead } from '../api/deleteLead';
import { patchLeadLists } from '../lib/patchLeadLists';

export function useDeleteLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteLead(id),
    onSuccess: (_data, id) => {
      patchLeadLists(queryClient, id, null);
      queryClient.removeQueries({ queryKey: queryKeys.leads.detail(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
    },
  });
}
