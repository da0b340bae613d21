import { api } from '@/lib/api/api';
import type { WhatsappTemplate } from '../types/whatsappTemplate';

export function listWhatsappTemplates(signal?: AbortSignal): Promise<WhatsappTemplate[]> {
  return api.get<WhatsappTemplate[]>('/api/whatsapp/templates', { signal });
}
