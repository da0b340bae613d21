import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getVersion } from '../api/getVersion';
import { listVersions } from '../api/listVersions';

export function useVersions(workflowId: string, enabled = true) {
  return useQuery({ queryKey: queryKeys.workflows.versions(workflowId), queryFn: ({ signal }) => listVersions(workflowId, signal), enabled });
}

/** A published version with its graph (immutable, so cached for good). */
export function useVersion(workflowId: string, version: number | null) {
  return useQuery({
    queryKey: queryKeys.workflows.version(workflowId, version ?? 0),
    queryFn: ({ signal }) => getVersion(workflowId, version!, signal),
    enabled: version !== null,
    staleTime: Infinity,
  });
}
