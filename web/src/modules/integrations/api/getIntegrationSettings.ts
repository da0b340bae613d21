import { api } from '@/lib/api/api';
import type { IntegrationSettings } from '../types/integrationSettings';

export function getIntegrationSettings(signal?: AbortSignal): Promise<IntegrationSettings> {
  return api.get<IntegrationSettings>('/api/settings/integrations', { signal });
}
