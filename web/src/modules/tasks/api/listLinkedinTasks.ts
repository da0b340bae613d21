import { api } from '@/lib/api/api';
import type { LinkedinTask } from '../types/linkedinTask';

/** The server returns at most this many tasks per request (soonest due first). */
export const LINKEDIN_TASKS_LIMIT = 500;

export function listLinkedinTasks(signal?: AbortSignal): Promise<LinkedinTask[]> {
  return api.get<LinkedinTask[]>('/api/linkedin/tasks', { query: { status: 'all', limit: LINKEDIN_TASKS_LIMIT }, signal });
}
