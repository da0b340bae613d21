import { api } from '@/lib/api/api';
import type { Persona, PersonaInput } from '../types/agent';

export function createPersona(input: PersonaInput): Promise<Persona> {
  return api.post<Persona>('/api/personas', input);
}
