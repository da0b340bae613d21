/**
 * The server sends counts per day for the last 30 days; days with no leads may be missing.
 * Return exactly `days` consecutive entries ending at `end` (UTC), zero-filled.
 */
export function fillDays(points: { date: string; count: number }[], days = 30, end: Date = new Date()): { date: string; count: number }[] {
  const byDate = new Map(points.map((p) => [p.date, p.count]));
  const last = points.length ? points.reduce((a, b) => (a.date > b.date ? a : b)).date : null;
  const endDay = last && last > end.toISOString().slice(0, 10) ? new Date(`${last}T00:00:00Z`) : new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()));
  const out: { date: string; count: number }[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(endDay.getTime() - i * 86_400_000);
    const key = d.toISOString().slice(0, 10);
    out.push({ date: key, count: byDate.get(key) ?? 0 });
  }
  return out;
}
