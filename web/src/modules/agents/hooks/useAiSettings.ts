import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { getAiSettings } from '../api/getAiSettings';

export function useAiSettings() {
  return useQuery({ queryKey: queryKeys.aiSettings, queryFn: ({ signal }) => getAiSettings(signal) });
}
