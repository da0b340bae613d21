import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listWebhookEndpoints } from '../api/listWebhookEndpoints';

export function useWebhookEndpoints() {
  return useQuery({ queryKey: queryKeys.webhookEndpoints, queryFn: ({ signal }) => listWebhookEndpoints(signal) });
}
