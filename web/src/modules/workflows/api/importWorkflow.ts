import { api } from '@/lib/api/api';
import { ApiError } from '@/lib/api/ApiError';
import type { Workflow } from '../types/workflow';

/** The server refuses files over 1 MB; say so before uploading one. */
export const IMPORT_LIMIT_BYTES = 1024 * 1024;

/** Create a workflow from an exported file. The server checks the format and says what is wrong. */
export async function importWorkflow(file: File): Promise<Workflow> {
  if (file.size > IMPORT_LIMIT_BYTES) {
    throw new ApiError(413, 'file_too_large', 'That file is larger than 1 MB. Export the workflow again, or pick the right file.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    throw new ApiError(400, 'invalid_json', `${file.name} is not a JSON file. Choose a workflow exported from OmniReach.`);
  }
  return api.post<Workflow>('/api/workflows/import', parsed);
}
