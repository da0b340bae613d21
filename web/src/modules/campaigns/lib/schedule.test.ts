import { describe, expect, test } from 'vitest';
import { describeSchedule, formatDays, localInputToMs, minuteToTime, msToLocalInput, parseDays, timeToMinute } from './schedule';

describe('campaign schedule', () => {
  test('minutes and clock times convert both ways', () => {
    expect(minuteToTime(480)).toBe('08:00');
    expect(minuteToTime(1439)).toBe('23:59');
    expect(timeToMinute('08:30')).toBe(510);
    expect(timeToMinute('24:00')).toBeNull();
    expect(timeToMinute('soon')).toBeNull();
    for (const m of [0, 75, 1080]) expect(timeToMinute(minuteToTime(m))).toBe(m);
  });

  test('days are kept in week order and unknown names dropped', () => {
    expect(parseDays('fri, MON,funday')).toEqual(['mon', 'fri']);
    expect(formatDays(['sun', 'mon'])).toBe('mon,sun');
    expect(parseDays(undefined)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
  });

  test('describes the window for people', () => {
    expect(describeSchedule(null)).toBe("Mon–Fri, 08:00–18:00 in each lead's timezone");
    expect(describeSchedule({ days: 'sat,sun', start_minute: 600, end_minute: 720 })).toBe("Sat, Sun, 10:00–12:00 in each lead's timezone");
  });

  test('a start time survives the datetime-local input', () => {
    const ms = new Date(2026, 11, 1, 9, 30).getTime();
    expect(localInputToMs(msToLocalInput(ms))).toBe(ms);
    expect(localInputToMs('')).toBeNull();
  });
});
