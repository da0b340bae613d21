import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { updateLead } from '../api/updateLead';
import { patchLeadLists } from '../lib/patchLeadLists';
import type { LeadInput } from '../types/lead';

export function useUpdateLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: LeadInput }) => updateLead(id, input),
    onSuccess: (lead) => {
      queryClient.setQueryData(queryKeys.leads.detail(lead.id), lead);
      patchLeadLists(queryClient, lead.id, lead);
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
    },
  });
}
