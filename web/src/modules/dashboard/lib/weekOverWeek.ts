import { fillDays } from './fillDays';

export type Trend =
  | { kind: 'none' } // nothing in either week
  | { kind: 'new'; current: number } // nothing the week before
  | { kind: 'change'; current: number; previous: number; percent: number };

/**
 * Compare the last 7 days of the daily series with the 7 days before (UTC days, as the
 * server buckets them). `percent` is rounded and signed; 0 means "about the same".
 */
export function weekOverWeek(points: { date: string; count: number }[], end: Date = new Date()): Trend {
  const days = fillDays(points, 14, end);
  const previous = days.slice(0, 7).reduce((s, d) => s + d.count, 0);
  const current = days.slice(7).reduce((s, d) => s + d.count, 0);
  if (previous === 0) return current === 0 ? { kind: 'none' } : { kind: 'new', current };
  return { kind: 'change', current, previous, percent: Math.round(((current - previous) / previous) * 100) };
}
