import { api } from '@/lib/api/api';
import type { ValidationResult } from '@/modules/workflows/types/workflow';

export function validateCampaign(id: string): Promise<ValidationResult> {
  return api.post<ValidationResult>(`/api/campaigns/${encodeURIComponent(id)}/validate`);
}
