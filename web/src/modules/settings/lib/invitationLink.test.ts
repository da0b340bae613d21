import { describe, expect, it } from 'vitest';
import { invitationLink } from './invitationLink';

describe('invitationLink', () => {
  it('keeps an absolute URL from the server (PUBLIC_URL set)', () => {
    expect(invitationLink('https://crm.example.com/accept-invite?token=abc', 'http://127.0.0.1:8099')).toBe(
      'https://crm.example.com/accept-invite?token=abc',
    );
  });

  it('prefixes a relative URL with this origin', () => {
    expect(invitationLink('/accept-invite?token=abc', 'http://127.0.0.1:8099')).toBe('http://127.0.0.1:8099/accept-invite?token=abc');
  });

  it('defaults to the current page origin', () => {
    expect(invitationLink('/accept-invite?token=t')).toBe(`${window.location.origin}/accept-invite?token=t`);
  });
});
