import { api } from '@/lib/api/api';

export interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  method: string;
}

export function listWebhookEndpoints(signal?: AbortSignal): Promise<WebhookEndpoint[]> {
  return api.get<WebhookEndpoint[]>('/api/webhooks/endpoints', { signal });
}
