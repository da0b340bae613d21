import { api } from '@/lib/api/api';
import type { Workspace } from '@/modules/auth/types/auth';

/** Rename the caller's workspace (admins). The slug does not change. */
export function updateWorkspace(input: { name: string }): Promise<Workspace> {
  return api.patch<Workspace>('/api/workspace', input);
}
