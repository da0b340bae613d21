/** Formatting helpers shared by every page. Pure functions, unit tested in format.test.ts. */

const numberFormat = new Intl.NumberFormat('en-US');
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return numberFormat.format(value);
}

export function formatCompact(value: number): string {
  return Math.abs(value) < 10_000 ? numberFormat.format(value) : compactFormat.format(value);
}

export function formatPercent(part: number, whole: number): string {
  if (!whole) return '0%';
  const pct = (part / whole) * 100;
  if (pct > 0 && pct < 1) return '<1%';
  return `${Math.round(pct)}%`;
}

function toDate(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Mar 4, 2025" — or "Mar 4" when the year is the current one. */
export function formatDate(value: string | Date | null | undefined, now: Date = new Date()): string {
  if (!value) return '—';
  const d = toDate(value);
  if (!d) return '—';
  const sameYear = d.getFullYear() === now.getFullYear();
  return d.toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = toDate(value);
  if (!d) return '—';
  return d.toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then a date. Future times read "in …". */
export function formatRelative(value: string | Date | null | undefined, now: Date = new Date()): string {
  if (!value) return '—';
  const d = toDate(value);
  if (!d) return '—';
  const diffSec = Math.round((now.getTime() - d.getTime()) / 1000);
  const future = diffSec < 0;
  const abs = Math.abs(diffSec);
  const wrap = (s: string) => (future ? `in ${s}` : `${s} ago`);
  if (abs < 45) return future ? 'in a moment' : 'just now';
  if (abs < 3600) return wrap(`${Math.round(abs / 60)} min`);
  if (abs < 86_400) return wrap(`${Math.round(abs / 3600)} h`);
  if (abs < 86_400 * 7) return wrap(`${Math.round(abs / 86_400)} d`);
  return formatDate(d, now);
}

/** Up to two initials from a display name or email: "Ada Lovelace" → "AL", "bob@x.io" → "B". */
export function initials(nameOrEmail: string | null | undefined): string {
  const source = (nameOrEmail ?? '').trim();
  if (!source) return '?';
  const base = source.includes('@') && !source.includes(' ') ? source.split('@')[0] : source;
  const parts = base
    .split(/[\s._-]+/)
    .filter(Boolean)
    .map((p) => p.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  if (parts.length === 0) return '?';
  if (parts.length === 1) return parts[0].slice(0, 1).toUpperCase();
  return (parts[0][0] + parts[parts.length - 1][0]).toUpperCase();
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}

/** "Won" from "won", "Do not contact" from "do_not_contact". */
export function humanize(value: string): string {
  const s = value.replace(/[_-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
