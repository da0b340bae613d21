import { api } from '@/lib/api/api';

export interface WhatsappTemplate {
  id: string;
  name: string;
  language: string;
  body: string;
  variables: string[];
  status: 'draft' | 'submitted' | 'approved' | 'rejected';
}

export function listWhatsappTemplates(signal?: AbortSignal): Promise<WhatsappTemplate[]> {
  return api.get<WhatsappTemplate[]>('/api/whatsapp/templates', { signal });
}
