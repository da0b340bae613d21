import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listMailboxes } from '../api/listMailboxes';

export function useMailboxes() {
  return useQuery({ queryKey: queryKeys.mailboxes, queryFn: ({ signal }) => listMailboxes(signal) });
}
