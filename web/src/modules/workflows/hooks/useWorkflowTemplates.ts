import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listWorkflowTemplates } from '../api/listWorkflowTemplates';

export function useWorkflowTemplates() {
  return useQuery({ queryKey: queryKeys.workflowTemplates, queryFn: ({ signal }) => listWorkflowTemplates(signal), staleTime: Infinity });
}
