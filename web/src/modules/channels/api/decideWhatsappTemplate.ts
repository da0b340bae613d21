import { api } from '@/lib/api/api';
import type { WhatsappTemplate } from '../types/whatsappTemplate';

/** One step of Draft → Submitted → Approved / Rejected (a rejected template may be submitted again). */
export type WhatsappTemplateAction =
  | { action: 'submit' }
  | { action: 'approve'; content_sid: string }
  | { action: 'reject'; reason?: string };

export function decideWhatsappTemplate(id: string, step: WhatsappTemplateAction): Promise<WhatsappTemplate> {
  const { action, ...body } = step;
  return api.post<WhatsappTemplate>(`/api/whatsapp/templates/${encodeURIComponent(id)}/${action}`, action === 'submit' ? undefined : body);
}
