import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/api';
import { queryKeys } from '@/lib/queryKeys';
import { getMe } from '../api/getMe';

export function useMe() {
  const hasSession = !!(api.tokens.getAccess() || api.tokens.getRefresh());
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => getMe(signal),
    enabled: hasSession,
    staleTime: 5 * 60_000,
  });
}
