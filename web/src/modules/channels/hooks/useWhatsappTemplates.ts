import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listWhatsappTemplates } from '../api/listWhatsappTemplates';

export function useWhatsappTemplates(enabled = true) {
  return useQuery({ queryKey: queryKeys.whatsappTemplates, queryFn: ({ signal }) => listWhatsappTemplates(signal), enabled });
}
