import { api } from '@/lib/api/api';
import type { Template } from '../types/conversation';

export async function listTemplates(channel: string, signal?: AbortSignal): Promise<Template[]> {
  const res = await api.get<{ items: Template[] }>('/api/templates', { query: { channel: channel === 'sandbox' ? '' : channel }, signal });
  return res.items;
}
