import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getTwilioSettings } from '../api/getTwilioSettings';

/** Admin only: the server refuses everyone else, so the query only runs for admins. */
export function useTwilioSettings(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.twilioSettings, queryFn: ({ signal }) => getTwilioSettings(signal), enabled });
}
