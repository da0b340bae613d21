import { describe, expect, test } from 'vitest';
import { formatDuration, joinDuration, splitDuration } from './durations';

describe('durations', () => {
  test('split and join are inverse for whole minutes', () => {
    for (const seconds of [0, 60, 3600, 86400, 172800, 93780]) {
      expect(joinDuration(splitDuration(seconds))).toBe(seconds);
    }
    expect(splitDuration(93780)).toEqual({ days: 1, hours: 2, minutes: 3 });
  });

  test('ignores negative or empty parts and formats for people', () => {
    expect(joinDuration({ days: -1, hours: Number.NaN, minutes: 5 })).toBe(300);
    expect(formatDuration(172800)).toBe('2 days');
    expect(formatDuration(90000)).toBe('1 day 1 h');
    expect(formatDuration(0)).toBe('0 min');
  });
});
