import { api } from '@/lib/api/api';
import type { AiSettings } from '../types/agent';

export function getAiSettings(signal?: AbortSignal): Promise<AiSettings> {
  return api.get<AiSettings>('/api/settings/ai', { signal });
}
