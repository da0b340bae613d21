import { describe, expect, it } from 'vitest';
import type { LinkedinTask } from '../types/linkedinTask';
import { groupOpenTasks, weeklyUsage } from './linkedinTasks';

const NOW = Date.parse('2025-06-15T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const task = (id: string, dueOffsetMs: number, patch: Partial<LinkedinTask> = {}): LinkedinTask => ({
  id,
  lead_id: 'l1',
  lead_name: 'Ada Lovelace',
  message_id: null,
  kind: 'connect',
  text: 'Hi!',
  profile_url: null,
  status: 'open',
  due_at: new Date(NOW + dueOffsetMs).toISOString(),
  scheduled_reason: null,
  skip_reason: null,
  completed_by: null,
  completed_at: null,
  created_at: new Date(NOW - DAY).toISOString(),
  ...patch,
});

describe('LinkedIn tasks', () => {
  it('splits open tasks into ready now and scheduled later, soonest first; closed tasks are left out', () => {
    const groups = groupOpenTasks([task('later', 2 * DAY), task('b', -60_000), task('a', -DAY), task('now', 0), task('done', -DAY, { status: 'done' })], NOW);
    expect(groups.ready.map((t) => t.id)).toEqual(['a', 'b', 'now']);
    expect(groups.scheduled.map((t) => t.id)).toEqual(['later']);
  });

  it('counts usage like the server: not skipped, due in the last 7 days, per kind, profile visits free', () => {
    const usage = weeklyUsage(
      [
        task('c1', -DAY),
        task('c2', -DAY, { status: 'done' }),
        task('c3', -DAY, { status: 'skipped' }),
        task('c-old', -7 * DAY),
        task('c-future', DAY),
        task('m1', -2 * DAY, { kind: 'message' }),
        task('v1', -DAY, { kind: 'view_profile' }),
      ],
      NOW,
    );
    expect(usage).toEqual({ connect: 2, message: 1 });
  });
});
