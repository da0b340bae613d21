export const WHATSAPP_TEMPLATE_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type WhatsappTemplateStatus = (typeof WHATSAPP_TEMPLATE_STATUSES)[number];

/** `GET /api/whatsapp/templates`. Times are epoch ms. */
export interface WhatsappTemplate {
  id: string;
  name: string;
  language: string;
  /** With numbered placeholders `{{1}}`, `{{2}}`, … */
  body: string;
  /** What each placeholder stands for, in order. */
  variables: string[];
  status: WhatsappTemplateStatus;
  /** Twilio Content API id (HX…), set on approval. */
  content_sid: string | null;
  /** The provider's reason on rejection. */
  decision_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface NewWhatsappTemplate {
  name: string;
  language: string;
  body: string;
  variables: string[];
}
