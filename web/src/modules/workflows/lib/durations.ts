/** Durations are stored in seconds and entered as days / hours / minutes. */

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function splitDuration(seconds: number): DurationParts {
  const total = Math.max(0, Math.round(seconds / MINUTE)) * MINUTE;
  return {
    days: Math.floor(total / DAY),
    hours: Math.floor((total % DAY) / HOUR),
    minutes: Math.floor((total % HOUR) / MINUTE),
  };
}

export function joinDuration({ days, hours, minutes }: DurationParts): number {
  const safe = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
  return safe(days) * DAY + safe(hours) * HOUR + safe(minutes) * MINUTE;
}

/** "2 days", "1 day 4 h", "30 min", "0 min". */
export function formatDuration(seconds: number): string {
  const { days, hours, minutes } = splitDuration(seconds);
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  return parts.length ? parts.join(' ') : '0 min';
}
