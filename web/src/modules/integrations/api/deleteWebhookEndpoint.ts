import { api } from '@/lib/api/api';

export function deleteWebhookEndpoint(id: string): Promise<void> {
  return api.delete(`/api/webhooks/endpoints/${encodeURIComponent(id)}`);
}
