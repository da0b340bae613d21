import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listTemplates } from '../api/listTemplates';

export function useTemplates(channel: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.templates(channel),
    queryFn: ({ signal }) => listTemplates(channel, signal),
    enabled,
    staleTime: 5 * 60_000,
  });
}
