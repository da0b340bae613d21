import { api } from '@/lib/api/api';
import type { Mailbox, MailboxInput } from '../types/mailbox';

export function createMailbox(input: MailboxInput): Promise<Mailbox> {
  return api.post<Mailbox>('/api/mailboxes', input);
}
