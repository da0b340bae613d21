import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listAlerts } from '../api/listAlerts';

export function useAlerts() {
  return useQuery({ queryKey: queryKeys.alerts, queryFn: ({ signal }) => listAlerts(signal) });
}
