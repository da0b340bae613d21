import { api } from '@/lib/api/api';
import type { EmailSettings } from '../types/emailSettings';

export function updateEmailSettings(input: EmailSettings): Promise<EmailSettings> {
  return api.request<EmailSettings>('PUT', '/api/email/settings', { body: input });
}
