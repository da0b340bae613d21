import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getEmailSettings } from '../api/getEmailSettings';

export function useEmailSettings() {
  return useQuery({ queryKey: queryKeys.emailSettings, queryFn: ({ signal }) => getEmailSettings(signal) });
}
