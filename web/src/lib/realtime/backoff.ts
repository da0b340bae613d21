/** Reconnect delays: exponential from `baseMs`, capped at `maxMs`, with "equal jitter". */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

/**
 * The wait before reconnect attempt `attempt` (0 = first retry). Half the exponential step is
 * fixed and half is random, so a server restart isn't met by every tab at the same instant
 * while no tab retries sooner than half the step.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random, { baseMs = 500, maxMs = 30_000 }: BackoffOptions = {}): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 16)));
  return Math.round(step / 2 + random() * (step / 2));
}

/** True when a JWT's `exp` is past (with `skewMs` of margin). Non-JWT tokens never expire here. */
export function tokenExpired(token: string, now: number = Date.now(), skewMs = 5_000): boolean {
  const part = token.split('.')[1];
  if (!part) return false;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const exp = Number((JSON.parse(json) as { exp?: unknown }).exp);
    return Number.isFinite(exp) && exp * 1000 <= now + skewMs;
  } catch {
    return false;
  }
}
