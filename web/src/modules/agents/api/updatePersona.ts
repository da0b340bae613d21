import { api } from '@/lib/api/api';
import type { Persona, PersonaInput } from '../types/agent';

export function updatePersona(id: string, input: Partial<PersonaInput>): Promise<Persona> {
  return api.patch<Persona>(`/api/personas/${encodeURIComponent(id)}`, input);
}
