import { api } from '@/lib/api/api';

export function deletePersona(id: string): Promise<void> {
  return api.delete(`/api/personas/${encodeURIComponent(id)}`);
}
