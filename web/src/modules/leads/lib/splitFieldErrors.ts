import { ApiError, isApiError } from '@/lib/api/ApiError';
import { humanize } from '@/lib/format';

const ALIASES: Record<string, string> = { company: 'company_name', owner: 'owner_id', name: 'first_name' };

/**
 * Split a server error into messages for fields the form shows and one banner message for the
 * rest (including fields the form doesn't have), so nothing the server said is lost.
 */
export function splitFieldErrors(
  error: unknown,
  knownFields: readonly string[],
): { fields: Record<string, string>; banner: string | null } {
  if (!isApiError(error)) return { fields: {}, banner: 'Something went wrong. Try again.' };
  const fields: Record<string, string> = {};
  const leftovers: string[] = [];
  for (const [rawKey, message] of Object.entries((error as ApiError).fieldErrors)) {
    const key = ALIASES[rawKey] ?? rawKey.replace(/^consents\..*/, 'consents').replace(/^custom_fields\..*/, 'custom_fields');
    if (knownFields.includes(key)) fields[key] = message;
    else leftovers.push(`${humanize(rawKey)}: ${message}`);
  }
  const hasFields = Object.keys(fields).length > 0;
  // Messages for fields the form doesn't show are more specific than the summary; show those.
  const banner = leftovers.length ? leftovers.join(' ') : hasFields ? null : error.message;
  return { fields, banner };
}
