import { api } from '@/lib/api/api';
import type { WebhookEndpoint, WebhookEndpointInput } from '../types/webhookEndpoint';

export function updateWebhookEndpoint(id: string, input: WebhookEndpointInput): Promise<WebhookEndpoint> {
  return api.patch<WebhookEndpoint>(`/api/webhooks/endpoints/${encodeURIComponent(id)}`, input);
}
