import { api } from '@/lib/api/api';
import type { TwilioSettings, TwilioSettingsInput } from '../types/twilio';

export function updateTwilioSettings(input: TwilioSettingsInput): Promise<TwilioSettings> {
  return api.request<TwilioSettings>('PUT', '/api/settings/channels/twilio', { body: input });
}
