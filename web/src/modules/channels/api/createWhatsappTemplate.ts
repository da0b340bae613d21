import { api } from '@/lib/api/api';
import type { NewWhatsappTemplate, WhatsappTemplate } from '../types/whatsappTemplate';

export function createWhatsappTemplate(input: NewWhatsappTemplate): Promise<WhatsappTemplate> {
  return api.post<WhatsappTemplate>('/api/whatsapp/templates', input);
}
