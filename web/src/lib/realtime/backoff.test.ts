import { describe, expect, it } from 'vitest';
import { reconnectDelay, tokenExpired } from './backoff';

function jwt(payload: object): string {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256' })}.${b64(payload)}.sig`;
}

describe('reconnectDelay', () => {
  it('doubles per attempt with jitter between half and the full step', () => {
    expect(reconnectDelay(0, () => 0)).toBe(250);
    expect(reconnectDelay(0, () => 1)).toBe(500);
    expect(reconnectDelay(3, () => 0)).toBe(2000);
    expect(reconnectDelay(3, () => 1)).toBe(4000);
    expect(reconnectDelay(3, () => 0.5)).toBe(3000);
  });

  it('caps at maxMs however many attempts failed', () => {
    expect(reconnectDelay(40, () => 1)).toBe(30_000);
    expect(reconnectDelay(40, () => 0)).toBe(15_000);
    expect(reconnectDelay(10, () => 1, { baseMs: 100, maxMs: 1000 })).toBe(1000);
  });

  it('spreads tabs out: different random draws give different delays', () => {
    const delays = new Set([0.1, 0.4, 0.7, 0.9].map((r) => reconnectDelay(4, () => r)));
    expect(delays.size).toBe(4);
  });
});

describe('tokenExpired', () => {
  it('reads exp from a JWT payload with a safety margin', () => {
    const now = 1_700_000_000_000;
    expect(tokenExpired(jwt({ exp: now / 1000 - 1 }), now)).toBe(true);
    expect(tokenExpired(jwt({ exp: now / 1000 + 3 }), now)).toBe(true); // inside the 5 s skew
    expect(tokenExpired(jwt({ exp: now / 1000 + 600 }), now)).toBe(false);
  });

  it('treats opaque or malformed tokens as not expired', () => {
    expect(tokenExpired('ork_abc')).toBe(false);
    expect(tokenExpired('a.!!!.c')).toBe(false);
    expect(tokenExpired(jwt({ sub: 'x' }))).toBe(false);
  });
});
