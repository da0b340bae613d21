import { api } from '@/lib/api/api';
import type { TwilioSettings } from '../types/twilio';

export function getTwilioSettings(signal?: AbortSignal): Promise<TwilioSettings> {
  return api.get<TwilioSettings>('/api/settings/channels/twilio', { signal });
}
