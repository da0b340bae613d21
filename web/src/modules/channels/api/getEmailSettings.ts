import { api } from '@/lib/api/api';
import type { EmailSettings } from '../types/emailSettings';

export function getEmailSettings(signal?: AbortSignal): Promise<EmailSettings> {
  return api.get<EmailSettings>('/api/email/settings', { signal });
}
