import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listUsers } from '../api/listUsers';

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: ({ signal }) => listUsers(signal), staleTime: 60_000 });
}
