import { api } from '@/lib/api/api';
import type { IntegrationSettings, IntegrationSettingsUpdate } from '../types/integrationSettings';

export function updateIntegrationSettings(input: IntegrationSettingsUpdate): Promise<IntegrationSettings> {
  return api.request<IntegrationSettings>('PUT', '/api/settings/integrations', { body: input });
}
