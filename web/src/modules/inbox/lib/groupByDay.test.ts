import { describe, expect, it } from 'vitest';
import { dayLabel, groupByDay } from './groupByDay';
import { message } from './testFixtures';

describe('day separators', () => {
  const now = new Date(2026, 10, 30, 15, 0).getTime();
  it('labels today, yesterday and older days', () => {
    expect(dayLabel(new Date(2026, 10, 30, 9).getTime(), now)).toBe('Today');
    expect(dayLabel(new Date(2026, 10, 29, 23).getTime(), now)).toBe('Yesterday');
    expect(dayLabel(new Date(2026, 10, 3, 9).getTime(), now)).toBe('Tuesday, November 3');
    expect(dayLabel(new Date(2025, 0, 2, 9).getTime(), now)).toBe('Thursday, January 2, 2025');
  });

  it('groups consecutive messages by local day', () => {
    const groups = groupByDay(
      [message('a', new Date(2026, 10, 29, 10).getTime()), message('b', new Date(2026, 10, 29, 22).getTime()), message('c', new Date(2026, 10, 30, 1).getTime())],
      now,
    );
    expect(groups.map((g) => [g.label, g.messages.map((m) => m.id)])).toEqual([
      ['Yesterday', ['a', 'b']],
      ['Today', ['c']],
    ]);
  });
});
