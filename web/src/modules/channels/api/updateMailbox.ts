import { api } from '@/lib/api/api';
import type { Mailbox, MailboxInput } from '../types/mailbox';

export function updateMailbox(id: string, input: MailboxInput): Promise<Mailbox> {
  return api.patch<Mailbox>(`/api/mailboxes/${encodeURIComponent(id)}`, input);
}
