import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryKeys';
import { listLinkedinTasks } from '../api/listLinkedinTasks';

export function useLinkedinTasks() {
  return useQuery({ queryKey: queryKeys.linkedinTasksAll, queryFn: ({ signal }) => listLinkedinTasks(signal) });
}
