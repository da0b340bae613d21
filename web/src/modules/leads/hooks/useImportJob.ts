import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { queryKeys } from '@/lib/queryKeys';
import { getImportJob } from '../api/getImportJob';

const POLL_MS = 500;

/** Poll an import every ~500 ms until it finishes; then refresh leads and the dashboard once. */
export function useImportJob(id: string | null) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.imports.job(id ?? ''),
    queryFn: ({ signal }) => getImportJob(id!, signal),
    enabled: !!id,
    refetchInterval: (q) => {
      const status = q.state.data?.status;
      return status === 'completed' || status === 'failed' ? false : POLL_MS;
    },
    refetchIntervalInBackground: true,
    retry: 3,
  });

  const done = query.data?.status === 'completed' || query.data?.status === 'failed';
  const invalidatedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!done || !id || invalidatedFor.current === id) return;
    invalidatedFor.current = id;
    void queryClient.invalidateQueries({ queryKey: queryKeys.leads.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
  }, [done, id, queryClient]);

  return query;
}
