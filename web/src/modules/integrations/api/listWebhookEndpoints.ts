import { api } from '@/lib/api/api';
import type { WebhookEndpoint } from '../types/webhookEndpoint';

export function listWebhookEndpoints(signal?: AbortSignal): Promise<WebhookEndpoint[]> {
  return api.get<WebhookEndpoint[]>('/api/webhooks/endpoints', { signal });
}
