import type { FormResult } from '@/lib/formResult';
import type { WebhookEndpoint, WebhookEndpointInput, WebhookEvent, WebhookMethod } from '../types/webhookEndpoint';

/** What the endpoint dialog edits. Headers and the response mapping are edited as lines of text. */
export interface WebhookEndpointFormValues {
  name: string;
  url: string;
  method: WebhookMethod;
  /** `Header-Name: value`, one per line. */
  headers: string;
  /** Write-only; empty keeps the stored one. */
  auth_token: string;
  remove_auth_token: boolean;
  events: WebhookEvent[];
  /** `/json/pointer = lead_field`, one per line. */
  response_mapping: string;
  enabled: boolean;
}

export type WebhookEndpointField = keyof WebhookEndpointFormValues;

export function webhookEndpointFormValues(endpoint?: WebhookEndpoint | null): WebhookEndpointFormValues {
  return {
    name: endpoint?.name ?? '',
    url: endpoint?.url ?? '',
    method: endpoint?.method ?? 'POST',
    headers: Object.entries(endpoint?.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    auth_token: '',
    remove_auth_token: false,
    events: endpoint?.events ?? ['meeting.booked'],
    response_mapping: Object.entries(endpoint?.response_mapping ?? {})
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n'),
    enabled: endpoint?.enabled ?? true,
  };
}

/** Lines of `key<separator>value`; blank lines are skipped. Returns the 1-based line that does not parse. */
function parseLines(text: string, separator: string): { pairs: Record<string, string>; badLine: number | null } {
  const pairs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const at = line.indexOf(separator);
    const key = at > 0 ? line.slice(0, at).trim() : '';
    const value = at > 0 ? line.slice(at + separator.length).trim() : '';
    if (!key || !value) return { pairs, badLine: i + 1 };
    pairs[key] = value;
  }
  return { pairs, badLine: null };
}

const MAPPING_TARGET = /^(title|first_name|last_name|stage|custom_fields\.\S{1,64})$/;

/** The request body for the dialog's values, or the problems to fix first. */
export function webhookEndpointInput(
  values: WebhookEndpointFormValues,
  existing?: WebhookEndpoint | null,
): FormResult<WebhookEndpointInput, WebhookEndpointField> {
  const errors: Partial<Record<WebhookEndpointField, string>> = {};
  if (!values.name.trim()) errors.name = 'Name the endpoint after what receives it, e.g. “CRM”.';
  if (!/^https?:\/\/\S+$/i.test(values.url.trim())) errors.url = 'Enter the receiver’s http(s) URL, e.g. https://crm.example.com/hooks/omnireach.';
  if (values.events.length === 0) errors.events = 'Pick at least one event.';
  const headers = parseLines(values.headers, ':');
  if (headers.badLine) errors.headers = `Line ${headers.badLine}: write each header as “Name: value”.`;
  const mapping = parseLines(values.response_mapping, '=');
  if (mapping.badLine) errors.response_mapping = `Line ${mapping.badLine}: write each mapping as “/json/pointer = field”.`;
  else {
    const bad = Object.entries(mapping.pairs).find(([pointer, target]) => !pointer.startsWith('/') || !MAPPING_TARGET.test(target));
    if (bad) errors.response_mapping = `“${bad[0]} = ${bad[1]}”: the left side is a JSON pointer such as /data/id; the right side is title, first_name, last_name, stage or custom_fields.<name>.`;
  }
  if (Object.keys(errors).length) return { input: null, errors };

  const token = values.auth_token.trim();
  const input: WebhookEndpointInput = {
    name: values.name.trim(),
    url: values.url.trim(),
    method: values.method,
    headers: headers.pairs,
    events: values.events,
    response_mapping: mapping.pairs,
    enabled: values.enabled,
    ...(token ? { auth_token: token } : existing?.has_auth_token && values.remove_auth_token ? { auth_token: null } : {}),
  };
  return { input, errors: null };
}
