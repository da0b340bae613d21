import { describe, expect, it } from 'vitest';
import { fillDays } from './fillDays';

describe('fillDays', () => {
  it('returns exactly N consecutive days ending today, zero-filling gaps', () => {
    const out = fillDays([{ date: '2025-06-14', count: 3 }], 3, new Date('2025-06-15T18:00:00Z'));
    expect(out).toEqual([
      { date: '2025-06-13', count: 0 },
      { date: '2025-06-14', count: 3 },
      { date: '2025-06-15', count: 0 },
    ]);
  });

  it("ends on the server's last day when it is ahead of the local clock", () => {
    const out = fillDays([{ date: '2025-06-16', count: 1 }], 2, new Date('2025-06-15T23:00:00Z'));
    expect(out.map((d) => d.date)).toEqual(['2025-06-15', '2025-06-16']);
  });
});
