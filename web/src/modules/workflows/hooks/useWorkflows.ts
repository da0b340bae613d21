import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listWorkflows } from '../api/listWorkflows';

export function useWorkflows() {
  return useQuery({ queryKey: queryKeys.workflows.list, queryFn: ({ signal }) => listWorkflows(signal) });
}
