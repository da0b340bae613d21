import { describe, expect, it } from 'vitest';
import type { WebhookEndpoint } from '../types/webhookEndpoint';
import { webhookEndpointFormValues, webhookEndpointInput } from './webhookEndpointForm';

const endpoint: WebhookEndpoint = {
  id: 'e1',
  name: 'CRM',
  url: 'https://crm.example.com/hooks',
  method: 'POST',
  headers: { 'X-Team': 'growth' },
  has_auth_token: true,
  events: ['meeting.booked'],
  response_mapping: { '/data/id': 'custom_fields.crm_id' },
  enabled: true,
  created_at: '',
  updated_at: '',
};

describe('webhookEndpointInput', () => {
  it('round-trips an endpoint through the text form unchanged, keeping the stored token', () => {
    expect(webhookEndpointInput(webhookEndpointFormValues(endpoint), endpoint)).toEqual({
      errors: null,
      input: { name: 'CRM', url: 'https://crm.example.com/hooks', method: 'POST', headers: { 'X-Team': 'growth' }, events: ['meeting.booked'], response_mapping: { '/data/id': 'custom_fields.crm_id' }, enabled: true },
    });
  });

  it('parses header and mapping lines, skipping blank ones; a value may contain the separator', () => {
    const values = { ...webhookEndpointFormValues(), name: 'Hook', url: 'https://x.example/h', headers: 'X-A: 1\n\nX-B: a:b', response_mapping: '/owner/title = title' };
    expect(webhookEndpointInput(values).input).toMatchObject({ headers: { 'X-A': '1', 'X-B': 'a:b' }, response_mapping: { '/owner/title': 'title' } });
  });

  it('names the line that does not parse and the mapping target that is not allowed', () => {
    const values = { ...webhookEndpointFormValues(), name: 'Hook', url: 'https://x.example/h', headers: 'X-A: 1\nbroken', response_mapping: '/data/id = email' };
    expect(webhookEndpointInput(values).errors).toEqual({ headers: expect.stringContaining('Line 2'), response_mapping: expect.stringContaining('/data/id = email') });
  });

  it('requires a name, an http(s) URL and an event', () => {
    const result = webhookEndpointInput({ ...webhookEndpointFormValues(), url: 'ftp://x', events: [] });
    expect(Object.keys(result.errors ?? {}).sort()).toEqual(['events', 'name', 'url']);
  });

  it('sends a new token, or null to remove the stored one only when asked', () => {
    expect(webhookEndpointInput({ ...webhookEndpointFormValues(endpoint), auth_token: ' s3cret ' }, endpoint).input?.auth_token).toBe('s3cret');
    expect(webhookEndpointInput({ ...webhookEndpointFormValues(endpoint), remove_auth_token: true }, endpoint).input).toHaveProperty('auth_token', null);
  });
});
