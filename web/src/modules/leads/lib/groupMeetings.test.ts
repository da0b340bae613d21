import { describe, expect, it } from 'vitest';
import type { Meeting } from '../types/meeting';
import { groupMeetings } from './groupMeetings';

const NOW = Date.parse('2025-06-15T12:00:00Z');
const meeting = (id: string, start: string, patch: Partial<Meeting> = {}): Meeting => ({
  id,
  lead_id: 'l1',
  provider: 'calendly',
  external_id: id,
  title: 'Intro call',
  start_at: start,
  end_at: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
  status: 'scheduled',
  event_uri: null,
  cancel_url: null,
  reschedule_url: null,
  cancel_reason: null,
  created_at: '2025-06-01T00:00:00Z',
  updated_at: '2025-06-01T00:00:00Z',
  ...patch,
});

describe('groupMeetings', () => {
  it('puts scheduled meetings that have not ended in upcoming (soonest first), ended ones in past (latest first)', () => {
    const groups = groupMeetings(
      [meeting('later', '2025-06-20T10:00:00Z'), meeting('old', '2025-06-01T10:00:00Z'), meeting('soon', '2025-06-16T10:00:00Z'), meeting('yesterday', '2025-06-14T10:00:00Z')],
      NOW,
    );
    expect(groups.upcoming.map((m) => m.id)).toEqual(['soon', 'later']);
    expect(groups.past.map((m) => m.id)).toEqual(['yesterday', 'old']);
  });

  it('keeps a meeting in progress upcoming until it ends', () => {
    expect(groupMeetings([meeting('now', '2025-06-15T11:45:00Z')], NOW).upcoming.map((m) => m.id)).toEqual(['now']);
  });

  it('puts cancelled and rescheduled meetings apart, whatever their time', () => {
    const groups = groupMeetings([meeting('c', '2025-06-20T10:00:00Z', { status: 'cancelled' }), meeting('r', '2025-06-10T10:00:00Z', { status: 'rescheduled' })], NOW);
    expect(groups.cancelled.map((m) => m.id)).toEqual(['c', 'r']);
    expect(groups.upcoming).toEqual([]);
  });
});
