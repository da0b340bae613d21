import { api } from '@/lib/api/api';
import type { MailboxTestResult } from '../types/mailbox';

/** Connects to the mailbox's SMTP server (or checks its SendGrid key). */
export function testMailbox(id: string): Promise<MailboxTestResult> {
  return api.post<MailboxTestResult>(`/api/mailboxes/${encodeURIComponent(id)}/test`);
}
