import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listWebhookDeliveries } from '../api/listWebhookDeliveries';

export function useWebhookDeliveries(endpointId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.webhookDeliveries(endpointId),
    queryFn: ({ signal }) => listWebhookDeliveries(endpointId, signal),
    enabled,
    // Retries happen within seconds; keep the list moving while it is open.
    refetchInterval: enabled ? 5_000 : false,
  });
}
