import type { Meeting } from '../types/meeting';

export interface MeetingGroups {
  /** Scheduled and not yet ended, soonest first. */
  upcoming: Meeting[];
  /** Scheduled and over, most recent first. */
  past: Meeting[];
  /** Cancelled or replaced by a reschedule, most recent first. */
  cancelled: Meeting[];
}

const time = (iso: string | null, fallback: string) => Date.parse(iso ?? fallback);

/** Splits a lead's meetings into upcoming / past / cancelled as of `now`. */
export function groupMeetings(meetings: Meeting[], now: number): MeetingGroups {
  const groups: MeetingGroups = { upcoming: [], past: [], cancelled: [] };
  for (const m of meetings) {
    if (m.status !== 'scheduled') groups.cancelled.push(m);
    else if (time(m.end_at ?? m.start_at, m.created_at) > now) groups.upcoming.push(m);
    else groups.past.push(m);
  }
  groups.upcoming.sort((a, b) => time(a.start_at, a.created_at) - time(b.start_at, b.created_at));
  groups.past.sort((a, b) => time(b.start_at, b.created_at) - time(a.start_at, a.created_at));
  groups.cancelled.sort((a, b) => time(b.start_at, b.updated_at) - time(a.start_at, a.updated_at));
  return groups;
}
