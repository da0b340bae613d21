import { api } from '@/lib/api/api';
import type { Alert } from '../types/webhookEndpoint';

export function listAlerts(signal?: AbortSignal): Promise<Alert[]> {
  return api.get<Alert[]>('/api/alerts', { signal });
}
