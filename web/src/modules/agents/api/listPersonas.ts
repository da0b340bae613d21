import { api } from '@/lib/api/api';
import type { Persona } from '../types/agent';

export async function listPersonas(signal?: AbortSignal): Promise<Persona[]> {
  return (await api.get<{ items: Persona[] }>('/api/personas', { signal })).items;
}
