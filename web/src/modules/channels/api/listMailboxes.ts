import { api } from '@/lib/api/api';
import type { Mailbox } from '../types/mailbox';

export function listMailboxes(signal?: AbortSignal): Promise<Mailbox[]> {
  return api.get<Mailbox[]>('/api/mailboxes', { signal });
}
