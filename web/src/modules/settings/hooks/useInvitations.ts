import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listInvitations } from '../api/listInvitations';

export function useInvitations(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.invitations, queryFn: ({ signal }) => listInvitations(signal), enabled });
}
