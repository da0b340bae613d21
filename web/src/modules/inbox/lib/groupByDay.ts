import type { Message } from '../types/conversation';

export interface DayGroup {
  /** Local calendar day, `YYYY-MM-DD`. */
  day: string;
  label: string;
  messages: Message[];
}

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "Today", "Yesterday", "Monday, March 3" (with the year when it isn't this year). */
export function dayLabel(at: number, now: number = Date.now()): string {
  const d = new Date(at);
  const today = new Date(now);
  const yesterday = new Date(now);
  yesterday.setDate(today.getDate() - 1);
  if (dayKey(d) === dayKey(today)) return 'Today';
  if (dayKey(d) === dayKey(yesterday)) return 'Yesterday';
  return d.toLocaleDateString('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(d.getFullYear() === today.getFullYear() ? {} : { year: 'numeric' }),
  });
}

/** Split a time-ordered thread into calendar days for the day separators. */
export function groupByDay(messages: Message[], now: number = Date.now()): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const m of messages) {
    const day = dayKey(new Date(m.created_at));
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.messages.push(m);
    else groups.push({ day, label: dayLabel(m.created_at, now), messages: [m] });
  }
  return groups;
}

export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
}

/** List timestamps: a time today, a weekday this week, else a short date. */
export function formatListTime(at: number, now: number = Date.now()): string {
  if (!at) return '';
  const d = new Date(at);
  const n = new Date(now);
  if (dayKey(d) === dayKey(n)) return formatTime(at);
  if (now - at < 6 * 86_400_000) return d.toLocaleDateString('en-US', { weekday: 'short' });
  return d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(d.getFullYear() === n.getFullYear() ? {} : { year: 'numeric' }) });
}
