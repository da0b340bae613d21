import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listPersonas } from '../api/listPersonas';

export function usePersonas() {
  return useQuery({ queryKey: queryKeys.personas, queryFn: ({ signal }) => listPersonas(signal) });
}
