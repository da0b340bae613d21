import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listLeadMeetings } from '../api/listLeadMeetings';

export function useLeadMeetings(leadId: string) {
  return useQuery({ queryKey: queryKeys.leadMeetings(leadId), queryFn: ({ signal }) => listLeadMeetings(leadId, signal) });
}
