import { api } from '@/lib/api/api';

export function deleteMailbox(id: string): Promise<void> {
  return api.delete(`/api/mailboxes/${encodeURIComponent(id)}`);
}
