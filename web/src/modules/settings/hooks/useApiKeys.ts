import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listApiKeys } from '../api/listApiKeys';

export function useApiKeys(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.apiKeys, queryFn: ({ signal }) => listApiKeys(signal), enabled });
}
