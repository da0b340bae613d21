import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/ApiError';
import { splitFieldErrors } from './splitFieldErrors';

const FIELDS = ['email', 'phone', 'company_name', 'consents'];

describe('splitFieldErrors', () => {
  it('maps known fields (and aliases) to inputs with no banner', () => {
    const err = new ApiError(422, 'validation_failed', 'Fix the fields', { fields: { phone: 'Not a number', company: 'Too long' } });
    expect(splitFieldErrors(err, FIELDS)).toEqual({ fields: { phone: 'Not a number.', company_name: 'Too long.' }, banner: null });
  });

  it('keeps messages for fields the form does not show in the banner', () => {
    const err = new ApiError(422, 'validation_failed', 'Fix the fields', { fields: { email: 'bad', owner_email: 'unknown owner' } });
    const out = splitFieldErrors(err, FIELDS);
    expect(out.fields).toEqual({ email: 'Bad.' });
    expect(out.banner).toBe('Owner email: Unknown owner.');
  });

  it('groups nested consent keys and falls back to the message without details', () => {
    const nested = new ApiError(422, 'validation_failed', 'x', { fields: { 'consents.sms': 'Invalid status' } });
    expect(splitFieldErrors(nested, FIELDS).fields).toEqual({ consents: 'Invalid status.' });
    expect(splitFieldErrors(new ApiError(500, 'internal', 'Server broke'), FIELDS)).toEqual({ fields: {}, banner: 'Server broke' });
    expect(splitFieldErrors(new Error('boom'), FIELDS).banner).toMatch(/went wrong/);
  });
});
