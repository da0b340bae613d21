import type { BadgeProps } from '@/components/ui/badge';
import type { WhatsappTemplateStatus } from '../types/whatsappTemplate';

export const WHATSAPP_STATUS_META: Record<WhatsappTemplateStatus, { label: string; variant: NonNullable<BadgeProps['variant']>; meaning: string }> = {
  draft: { label: 'Draft', variant: 'neutral', meaning: 'Not yet submitted to WhatsApp.' },
  submitted: { label: 'Submitted', variant: 'info', meaning: 'Waiting for WhatsApp’s review.' },
  approved: { label: 'Approved', variant: 'success', meaning: 'Can start conversations outside the 24-hour window.' },
  rejected: { label: 'Rejected', variant: 'danger', meaning: 'Change it in the Twilio console and submit again.' },
};
