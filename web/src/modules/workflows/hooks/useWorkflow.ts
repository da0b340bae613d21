import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getWorkflow } from '../api/getWorkflow';

export function useWorkflow(id: string) {
  // The builder owns the draft once loaded: no background refetch may overwrite edits.
  return useQuery({
    queryKey: queryKeys.workflows.detail(id),
    queryFn: ({ signal }) => getWorkflow(id, signal),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
