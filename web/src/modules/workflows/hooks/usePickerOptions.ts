import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listTemplates } from '@/modules/inbox/api/listTemplates';
import { listWebhookEndpoints } from '../api/listWebhookEndpoints';
import { listWhatsappTemplates } from '../api/listWhatsappTemplates';

const minute = 60_000;

/** Message templates of one channel, for the send step's template picker. */
export function useMessageTemplates(channel: string, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.templates(channel), queryFn: ({ signal }) => listTemplates(channel, signal), enabled, staleTime: minute });
}

export function useWhatsappTemplates(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.whatsappTemplates, queryFn: ({ signal }) => listWhatsappTemplates(signal), enabled, staleTime: minute });
}

export function useWebhookEndpoints(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.webhookEndpoints, queryFn: ({ signal }) => listWebhookEndpoints(signal), enabled, staleTime: minute });
}

