/** The server's error envelope: `{"error":{"code","message","details"}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> | null };
}

const FALLBACK_MESSAGES: Record<number, string> = {
  0: "Can't reach the server. Check your connection and try again.",
  400: 'The request was not accepted. Check the values and try again.',
  401: 'Your session has ended. Sign in again to continue.',
  403: "You don't have permission to do that.",
  404: "We couldn't find what you were looking for.",
  409: 'That conflicts with existing data.',
  413: 'That file is too large.',
  422: 'Some fields need attention.',
  429: 'Too many requests. Wait a moment and try again.',
  500: 'Something went wrong on the server. Try again in a moment.',
  502: 'The server is unreachable right now. Try again in a moment.',
  503: 'The server is temporarily unavailable. Try again in a moment.',
  504: 'The server took too long to answer. Try again in a moment.',
};

function fallbackMessage(status: number): string {
  return FALLBACK_MESSAGES[status] ?? (status >= 500 ? FALLBACK_MESSAGES[500] : `Request failed (${status}).`);
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds : null;
  const at = Date.parse(header);
  if (Number.isNaN(at)) return null;
  const wait = (at - Date.now()) / 1000;
  return wait > 0 ? wait : null;
}

/** `"enter a name"` → `"Enter a name."`; messages that already read as sentences are kept. */
function asSentence(message: string): string {
  const s = message.trim();
  if (!s) return s;
  const capitalised = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?)]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (!value || typeof value !== 'object') return false;
  const err = (value as { error?: unknown }).error;
  return (
    !!err &&
    typeof err === 'object' &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { message?: unknown }).message === 'string'
  );
}

/** Every failed API call rejects with one of these. `message` is safe to show to people. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | null;
  /** Seconds from the `Retry-After` header, when the response had one. */
  readonly retryAfterHeader: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> | null = null,
    retryAfterHeader: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterHeader = retryAfterHeader;
  }

  /**
   * Per-field messages from `details.fields`, as sentences: the server's
   * `"use at least 10 characters"` becomes `"Use at least 10 characters."`.
   */
  get fieldErrors(): Record<string, string> {
    const fields = this.details?.fields;
    if (!fields || typeof fields !== 'object') return {};
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof value === 'string') out[key] = asSentence(value);
      else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = asSentence(value[0]);
    }
    return out;
  }

  /**
   * How long to wait before retrying a 429, in whole seconds: `details.retry_after_seconds`,
   * else the `Retry-After` header, else null.
   */
  get retryAfterSeconds(): number | null {
    if (this.status !== 429) return null;
    const fromBody = Number(this.details?.retry_after_seconds);
    if (Number.isFinite(fromBody) && fromBody > 0) return Math.ceil(fromBody);
    if (this.retryAfterHeader && this.retryAfterHeader > 0) return Math.ceil(this.retryAfterHeader);
    return null;
  }

  static network(cause?: unknown): ApiError {
    const err = new ApiError(0, 'network_error', fallbackMessage(0));
    (err as { cause?: unknown }).cause = cause;
    return err;
  }

  /** Build an error from a non-2xx response, tolerating bodies that are not the envelope. */
  static async fromResponse(res: Response): Promise<ApiError> {
    const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
    let text = '';
    try {
      text = await res.text();
    } catch {
      /* body unreadable: fall through to the status-based message */
    }
    if (text) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (isErrorBody(parsed)) {
          const { code, message, details } = parsed.error;
          return new ApiError(res.status, code, message || fallbackMessage(res.status), details ?? null, retryAfter);
        }
      } catch {
        /* not JSON */
      }
    }
    if (res.status === 429 && retryAfter) {
      const wait = Math.ceil(retryAfter);
      return new ApiError(429, 'rate_limited', `Too many attempts. Try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`, null, retryAfter);
    }
    return new ApiError(res.status, `http_${res.status}`, fallbackMessage(res.status), null, retryAfter);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
