import { api } from '@/lib/api/api';
import type { AiSettings, AiSettingsInput } from '../types/agent';

export function updateAiSettings(input: AiSettingsInput): Promise<AiSettings> {
  return api.request<AiSettings>('PUT', '/api/settings/ai', { body: input });
}
