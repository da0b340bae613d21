import { api } from '@/lib/api/api';
import type { Graph } from '../types/graph';
import type { ValidationResult } from '../types/workflow';

/** Validate the saved draft, or `draft` (unsaved edits) when given. */
export function validateWorkflow(id: string, draft?: Graph, signal?: AbortSignal): Promise<ValidationResult> {
  return api.post<ValidationResult>(`/api/workflows/${encodeURIComponent(id)}/validate`, draft ? { draft } : {}, { signal });
}
