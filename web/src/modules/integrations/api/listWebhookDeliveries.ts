import { api } from '@/lib/api/api';
import type { WebhookDelivery } from '../types/webhookEndpoint';

export function listWebhookDeliveries(endpointId: string, signal?: AbortSignal): Promise<WebhookDelivery[]> {
  return api.get<WebhookDelivery[]>(`/api/webhooks/endpoints/${encodeURIComponent(endpointId)}/deliveries`, { signal });
}
