import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './ApiError';
import { buildUrl, createApiClient, filenameFromDisposition } from './createApiClient';
import { createTokenStore } from './tokenStore';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function authOf(init: RequestInit): string | undefined {
  return (init.headers as Record<string, string>)?.Authorization;
}

/** A fake server: access token "a1" is expired, refreshing with "r1" yields "a2"/"r2". */
function setup(overrides: { refresh?: Handler } = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const onAuthFailure = vi.fn();
  const tokens = createTokenStore(window.localStorage);
  tokens.set({ access_token: 'a1', refresh_token: 'r1' });
  const refreshHandler: Handler =
    overrides.refresh ??
    ((_url, init) => {
      const body = JSON.parse(String(init.body));
      if (body.refresh_token !== 'r1') return json(401, { error: { code: 'invalid_refresh_token', message: 'Sign in again', details: null } });
      return json(200, { access_token: 'a2', refresh_token: 'r2', token_type: 'Bearer', expires_in: 900 });
    });
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    if (url.endsWith('/api/auth/refresh')) return refreshHandler(url, init);
    if (authOf(init) !== 'Bearer a2') return json(401, { error: { code: 'unauthorized', message: 'Token expired', details: null } });
    if (url.includes('/api/empty')) return new Response(null, { status: 204 });
    return json(200, { ok: true, url });
  });
  const client = createApiClient({ tokens, fetch: fetchMock as unknown as typeof fetch, onAuthFailure });
  return { client, calls, fetchMock, onAuthFailure, tokens };
}

describe('api client auth flow', () => {
  it('refreshes once on 401, stores the rotated tokens and retries with the new access token', async () => {
    const { client, calls, tokens, onAuthFailure } = setup();
    const res = await client.get<{ ok: boolean }>('/api/me');
    expect(res.ok).toBe(true);
    expect(calls.map((c) => c.url)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
    expect(authOf(calls[0].init)).toBe('Bearer a1');
    expect(authOf(calls[2].init)).toBe('Bearer a2');
    expect(tokens.getAccess()).toBe('a2');
    expect(tokens.getRefresh()).toBe('r2');
    expect(localStorage.getItem('omnireach.refresh_token')).toBe('r2');
    expect(onAuthFailure).not.toHaveBeenCalled();
  });

  it('shares one refresh between concurrent requests that all got 401', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { client, calls } = setup({
      refresh: async () => {
        await gate;
        return json(200, { access_token: 'a2', refresh_token: 'r2' });
      },
    });
    const pending = Promise.all([client.get('/api/a'), client.get('/api/b'), client.get('/api/c')]);
    await vi.waitFor(() => expect(calls.filter((c) => c.url.endsWith('/refresh'))).toHaveLength(1));
    release();
    await pending;
    expect(calls.filter((c) => c.url.endsWith('/api/auth/refresh'))).toHaveLength(1);
    expect(calls.filter((c) => authOf(c.init) === 'Bearer a2')).toHaveLength(3);
  });

  it('clears the session and calls onAuthFailure when the refresh is rejected', async () => {
    const { client, tokens, onAuthFailure } = setup({
      refresh: () => json(401, { error: { code: 'invalid_refresh_token', message: 'nope', details: null } }),
    });
    const err = (await client.get('/api/me').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(onAuthFailure).toHaveBeenCalledTimes(1);
    expect(tokens.getAccess()).toBeNull();
    expect(tokens.getRefresh()).toBeNull();
  });

  it('keeps the tokens when the refresh fails on the network', async () => {
    const { client, tokens, onAuthFailure } = setup({
      refresh: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const err = (await client.get('/api/me').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('network_error');
    expect(onAuthFailure).not.toHaveBeenCalled();
    expect(tokens.getRefresh()).toBe('r1');
  });

  it('does not refresh for public endpoints', async () => {
    const { client, calls, onAuthFailure } = setup();
    const err = (await client.post('/api/auth/login', { email: 'x', password: 'y' }, { auth: false }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(401);
    expect(calls).toHaveLength(1);
    expect(authOf(calls[0].init)).toBeUndefined();
    expect(onAuthFailure).not.toHaveBeenCalled();
  });

  it('sends the user to sign-in without a network call when there is no refresh token', async () => {
    const { client, calls, tokens, onAuthFailure } = setup();
    tokens.set({ access_token: 'a1', refresh_token: '' });
    localStorage.removeItem('omnireach.refresh_token');
    await expect(client.get('/api/me')).rejects.toMatchObject({ status: 401 });
    expect(calls.map((c) => c.url)).toEqual(['/api/me']);
    expect(onAuthFailure).toHaveBeenCalledOnce();
  });

  it('returns undefined for 204 and serialises JSON bodies', async () => {
    const { client, tokens, calls } = setup();
    tokens.set({ access_token: 'a2', refresh_token: 'r2' });
    await expect(client.delete('/api/empty')).resolves.toBeUndefined();
    await client.patch('/api/thing', { name: 'x' });
    const patch = calls.find((c) => c.init.method === 'PATCH')!;
    expect(patch.init.body).toBe('{"name":"x"}');
    expect((patch.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });
});

describe('error parsing', () => {
  it('reads code, message and field errors from the envelope', async () => {
    const res = json(422, {
      error: {
        code: 'validation_failed',
        message: 'Fix the highlighted fields',
        details: { fields: { email: 'enter a valid email', phone: ['Too short'], name: 'Enter a name.', tz: 'unknown zone (see the list)' } },
      },
    });
    const err = await ApiError.fromResponse(res);
    expect(err.status).toBe(422);
    expect(err.code).toBe('validation_failed');
    expect(err.message).toBe('Fix the highlighted fields');
    // Server messages are phrases; the UI shows them as sentences.
    expect(err.fieldErrors).toEqual({ email: 'Enter a valid email.', phone: 'Too short.', name: 'Enter a name.', tz: 'Unknown zone (see the list)' });
  });

  it('falls back to a readable message when the body is not the envelope', async () => {
    const err = await ApiError.fromResponse(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(err.code).toBe('http_502');
    expect(err.message).toMatch(/unreachable/i);
    expect(err.fieldErrors).toEqual({});
  });

  it('explains a plain-text 429 using Retry-After', async () => {
    const res = new Response('Too many requests, retry in 4s', { status: 429, headers: { 'Retry-After': '4', 'Content-Type': 'text/plain' } });
    const err = await ApiError.fromResponse(res);
    expect(err.code).toBe('rate_limited');
    expect(err.message).toBe('Too many attempts. Try again in 4 seconds.');
    expect(err.retryAfterSeconds).toBe(4);
  });

  it('reads the wait of a JSON 429 from details, falling back to Retry-After', async () => {
    const body = {
      error: { code: 'rate_limited', message: 'Too many sign-in attempts from your address; try again in 37 seconds.', details: { retry_after_seconds: 37 } },
    };
    const err = await ApiError.fromResponse(json(429, body, { 'Retry-After': '40' }));
    expect(err.code).toBe('rate_limited');
    expect(err.message).toMatch(/37 seconds/);
    expect(err.retryAfterSeconds).toBe(37);

    const headerOnly = await ApiError.fromResponse(json(429, { error: { code: 'rate_limited', message: 'Slow down', details: null } }, { 'Retry-After': '3' }));
    expect(headerOnly.retryAfterSeconds).toBe(3);

    const neither = await ApiError.fromResponse(json(429, { error: { code: 'rate_limited', message: 'Slow down', details: null } }));
    expect(neither.retryAfterSeconds).toBeNull();
    expect((await ApiError.fromResponse(json(403, { error: { code: 'forbidden', message: 'No', details: null } }))).retryAfterSeconds).toBeNull();
  });

  it('turns a fetch rejection into a network_error', async () => {
    const client = createApiClient({
      tokens: createTokenStore(null),
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch,
    });
    await expect(client.get('/api/x')).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });
});

describe('helpers', () => {
  it('builds query strings without empty values', () => {
    expect(buildUrl('', '/api/leads', { q: 'ada lovelace', stage: '', tag: undefined, limit: 50, dnc: false })).toBe(
      '/api/leads?q=ada+lovelace&limit=50&dnc=false',
    );
    expect(buildUrl('', '/api/leads', {})).toBe('/api/leads');
  });

  it('reads file names from Content-Disposition', () => {
    expect(filenameFromDisposition('attachment; filename="leads-2025.csv"')).toBe('leads-2025.csv');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''l%C3%A9ads.csv")).toBe('léads.csv');
    expect(filenameFromDisposition('attachment; filename=plain.csv')).toBe('plain.csv');
    expect(filenameFromDisposition(null)).toBeNull();
  });
});
