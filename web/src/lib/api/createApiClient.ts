import { ApiError } from './ApiError';
import type { TokenStore, Tokens } from './tokenStore';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  /** JSON body (serialised) or FormData (sent as multipart). */
  body?: unknown;
  /** Set false for public endpoints (login, refresh, invitations): no token, no refresh. */
  auth?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface DownloadResult {
  blob: Blob;
  filename: string | null;
}

export interface ApiClientOptions {
  tokens: TokenStore;
  fetch?: typeof fetch;
  baseUrl?: string;
  /** Called once the session is definitively gone (refresh failed). */
  onAuthFailure?: () => void;
  /** Called with every successful token response from a refresh. */
  onRefreshed?: (body: Tokens & Record<string, unknown>) => void;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  delete<T = void>(path: string, options?: RequestOptions): Promise<T>;
  download(path: string, options?: RequestOptions): Promise<DownloadResult>;
  /** Exchange the refresh token for a new pair. Concurrent callers share one request. */
  refresh(): Promise<boolean>;
  setAuthFailureHandler(handler: (() => void) | undefined): void;
  tokens: TokenStore;
}

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  let url = `${baseUrl}${path}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      params.append(key, String(value));
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  return url;
}

/** `attachment; filename="leads.csv"` → `leads.csv` (also handles RFC 5987 `filename*`). */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  if (plain) return (plain[2] ?? plain[1]).trim();
  return null;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { tokens, baseUrl = '' } = options;
  const doFetch: typeof fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  let onAuthFailure = options.onAuthFailure;
  let refreshing: Promise<boolean> | null = null;

  async function send(method: string, path: string, opts: RequestOptions, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    let body: BodyInit | undefined;
    if (opts.body instanceof FormData) {
      body = opts.body;
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await doFetch(buildUrl(baseUrl, path, opts.query), { method, headers, body, signal: opts.signal });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      if ((err as { name?: string })?.name === 'AbortError') throw err;
      throw ApiError.network(err);
    }
  }

  async function doRefresh(): Promise<boolean> {
    const refreshToken = tokens.getRefresh();
    if (!refreshToken) return false;
    let res: Response;
    try {
      res = await send('POST', '/api/auth/refresh', { body: { refresh_token: refreshToken } }, null);
    } catch (err) {
      // A network failure is not a verdict on the session: keep the tokens, surface the error.
      if (err instanceof ApiError) throw err;
      throw ApiError.network(err);
    }
    if (!res.ok) return false;
    const data = (await res.json()) as Tokens & Record<string, unknown>;
    if (!data?.access_token || !data?.refresh_token) return false;
    tokens.set({ access_token: data.access_token, refresh_token: data.refresh_token });
    options.onRefreshed?.(data);
    return true;
  }

  function refresh(): Promise<boolean> {
    if (!refreshing) {
      refreshing = doRefresh().finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  }

  function sessionLost(): never {
    tokens.clear();
    onAuthFailure?.();
    throw new ApiError(401, 'session_expired', 'Your session has ended. Sign in again to continue.');
  }

  async function execute(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const auth = opts.auth !== false;
    const usedToken = auth ? tokens.getAccess() : null;
    let res = await send(method, path, opts, usedToken);
    if (res.status !== 401 || !auth) return res;

    // Another request may already have refreshed while this one was in flight.
    const current = tokens.getAccess();
    if (current && current !== usedToken) {
      res = await send(method, path, opts, current);
      if (res.status !== 401) return res;
    }
    if (!tokens.getRefresh()) sessionLost();
    const ok = await refresh();
    if (!ok) sessionLost();
    res = await send(method, path, opts, tokens.getAccess());
    if (res.status === 401) sessionLost();
    return res;
  }

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await execute(method, path, opts);
    if (!res.ok) throw await ApiError.fromResponse(res);
    if (res.status === 204 || res.headers.get('Content-Length') === '0') return undefined as T;
    const type = res.headers.get('Content-Type') ?? '';
    if (type.includes('application/json')) return (await res.json()) as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  }

  async function download(path: string, opts: RequestOptions = {}): Promise<DownloadResult> {
    const res = await execute('GET', path, { ...opts, headers: { Accept: '*/*', ...opts.headers } });
    if (!res.ok) throw await ApiError.fromResponse(res);
    return { blob: await res.blob(), filename: filenameFromDisposition(res.headers.get('Content-Disposition')) };
  }

  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
    delete: (path, opts) => request('DELETE', path, opts),
    download,
    refresh,
    setAuthFailureHandler(handler) {
      onAuthFailure = handler;
    },
    tokens,
  };
}
