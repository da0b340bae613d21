import { api } from '@/lib/api/api';
import type { WebhookEndpoint, WebhookEndpointInput } from '../types/webhookEndpoint';

export function createWebhookEndpoint(input: WebhookEndpointInput): Promise<WebhookEndpoint> {
  return api.post<WebhookEndpoint>('/api/webhooks/endpoints', input);
}
