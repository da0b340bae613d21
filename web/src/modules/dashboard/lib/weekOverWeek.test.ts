import { describe, expect, it } from 'vitest';
import { weekOverWeek } from './weekOverWeek';

const END = new Date('2025-06-14T12:00:00Z');
const day = (d: number) => `2025-06-${String(d).padStart(2, '0')}`;

describe('weekOverWeek', () => {
  it('compares the last 7 days with the 7 before', () => {
    // Previous week: Jun 1–7 (4 leads); this week: Jun 8–14 (6 leads).
    const points = [
      { date: day(1), count: 1 },
      { date: day(7), count: 3 },
      { date: day(8), count: 2 },
      { date: day(14), count: 4 },
      { date: '2025-05-31', count: 50 }, // outside both windows
    ];
    expect(weekOverWeek(points, END)).toEqual({ kind: 'change', current: 6, previous: 4, percent: 50 });
  });

  it('reports a drop as a negative percentage', () => {
    expect(weekOverWeek([{ date: day(3), count: 4 }, { date: day(10), count: 1 }], END)).toMatchObject({ percent: -75 });
  });

  it('says when there is nothing to compare with', () => {
    expect(weekOverWeek([{ date: day(12), count: 2 }], END)).toEqual({ kind: 'new', current: 2 });
    expect(weekOverWeek([], END)).toEqual({ kind: 'none' });
  });
});
