import { api } from '@/lib/api/api';

export type RunAction = 'pause' | 'resume' | 'cancel' | 'retry';

export function runAction(id: string, action: RunAction): Promise<unknown> {
  return api.post(`/api/runs/${encodeURIComponent(id)}/${action}`);
}
