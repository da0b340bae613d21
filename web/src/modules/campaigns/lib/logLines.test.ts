import { describe, expect, test } from 'vitest';
import { logLines } from './logLines';

describe('node run log lines', () => {
  test('engine entries read as time and message; strings and odd entries survive', () => {
    const at = new Date(2026, 10, 30, 9, 5).getTime();
    expect(logLines([{ at, message: 'will retry' }, 'plain'])).toEqual(['9:05 AM  will retry', 'plain']);
    expect(logLines(null)).toEqual([]);
    expect(logLines([{ weird: 1 } as unknown as string])).toEqual(['{"weird":1}']);
  });
});
