import { api } from '@/lib/api/api';
import type { WebhookTestResult } from '../types/webhookEndpoint';

/** Sends one signed `test` event to the endpoint now. */
export function testWebhookEndpoint(id: string): Promise<WebhookTestResult> {
  return api.post<WebhookTestResult>(`/api/webhooks/endpoints/${encodeURIComponent(id)}/test`);
}
