import type { Channel } from '@/modules/leads/types/lead';

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  voice: 'Voice',
  linkedin: 'LinkedIn',
};
