import { useCallback, useEffect, useState } from 'react';

/**
 * A countdown for "try again in N seconds" (e.g. after a 429). `secondsLeft` ticks once a
 * second and reaches 0 exactly when the wait is over, so a retry is never refused early.
 */
export function useCooldown() {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(0);

  useEffect(() => {
    if (until === null || until <= now) return;
    const remaining = until - Date.now();
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, remaining % 1000 || 1000));
    return () => clearTimeout(timer);
  }, [until, now]);

  const start = useCallback((seconds: number) => {
    const at = Date.now();
    setNow(at);
    setUntil(at + seconds * 1000);
  }, []);
  const reset = useCallback(() => setUntil(null), []);

  const secondsLeft = until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
  return { secondsLeft, active: secondsLeft > 0, start, reset };
}
