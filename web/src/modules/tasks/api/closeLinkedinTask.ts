import { api } from '@/lib/api/api';
import type { LinkedinTask } from '../types/linkedinTask';

/** Marks an open task done, or skipped with a reason; the conversation logs it either way. */
export function closeLinkedinTask(id: string, outcome: { done: true } | { done: false; reason: string }): Promise<LinkedinTask> {
  const path = `/api/linkedin/tasks/${encodeURIComponent(id)}`;
  return outcome.done ? api.post<LinkedinTask>(`${path}/done`) : api.post<LinkedinTask>(`${path}/skip`, { reason: outcome.reason });
}
