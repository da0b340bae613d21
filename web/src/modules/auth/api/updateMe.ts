import { api } from '@/lib/api/api';
import type { Me } from '../types/auth';

export interface UpdateMeInput {
  name?: string;
  /** Required together with `new_password`. */
  current_password?: string;
  new_password?: string;
}

/** Change your own name and/or password (any role). A password change signs out other sessions. */
export function updateMe(input: UpdateMeInput): Promise<Me> {
  return api.patch<Me>('/api/me', input);
}
