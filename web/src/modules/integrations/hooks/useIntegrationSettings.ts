import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getIntegrationSettings } from '../api/getIntegrationSettings';

/** Admin only: the server refuses everyone else, so the query only runs for admins. */
export function useIntegrationSettings(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.integrationSettings, queryFn: ({ signal }) => getIntegrationSettings(signal), enabled });
}
