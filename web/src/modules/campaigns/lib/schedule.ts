import type { Schedule } from '../types/campaign';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const DEFAULT_SCHEDULE: Required<Omit<Schedule, 'start_at'>> = { days: 'mon,tue,wed,thu,fri', start_minute: 480, end_minute: 1080 };

/** 480 → "08:00" (the value of an `<input type="time">`). */
export function minuteToTime(minute: number): string {
  const m = Math.min(Math.max(0, Math.round(minute)), 24 * 60 - 1);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "08:30" → 510; null for anything that is not a time. */
export function timeToMinute(time: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!match) return null;
  const [h, m] = [Number(match[1]), Number(match[2])];
  return h < 24 && m < 60 ? h * 60 + m : null;
}

/** "mon,wed" → ['mon', 'wed'] in week order, unknown names dropped. */
export function parseDays(days: string | undefined): Weekday[] {
  const set = new Set((days ?? DEFAULT_SCHEDULE.days).split(',').map((d) => d.trim().toLowerCase()));
  return WEEKDAYS.filter((d) => set.has(d));
}

export function formatDays(days: Weekday[]): string {
  return WEEKDAYS.filter((d) => days.includes(d)).join(',');
}

/** "Mon–Fri, 08:00–18:00" for the overview. */
export function describeSchedule(schedule: Schedule | null | undefined): string {
  const days = parseDays(schedule?.days);
  const cap = (d: string) => d[0].toUpperCase() + d.slice(1);
  const weekdays = formatDays(days) === DEFAULT_SCHEDULE.days ? 'Mon–Fri' : days.length === 7 ? 'Every day' : days.map(cap).join(', ') || 'No days';
  const start = minuteToTime(schedule?.start_minute ?? DEFAULT_SCHEDULE.start_minute);
  const end = minuteToTime(schedule?.end_minute ?? DEFAULT_SCHEDULE.end_minute);
  return `${weekdays}, ${start}–${end} in each lead's timezone`;
}

/** Epoch ms ↔ the local value of an `<input type="datetime-local">`. */
export function msToLocalInput(ms: number | null | undefined): string {
  if (!ms) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function localInputToMs(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}
