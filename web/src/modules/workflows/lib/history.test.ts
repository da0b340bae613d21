import { describe, expect, test } from 'vitest';
import { createHistory, record, redo, undo } from './history';

describe('undo/redo history', () => {
  test('undo walks back, redo walks forward, and both stop at the ends', () => {
    let h = createHistory('a');
    h = record(h, 'b');
    h = record(h, 'c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(undo(h)).toBe(h);
    h = redo(h);
    h = redo(h);
    expect(h.present).toBe('c');
    expect(redo(h)).toBe(h);
  });

  test('a new change after undo forgets what was undone', () => {
    let h = record(record(createHistory(1), 2), 3);
    h = undo(undo(h));
    h = record(h, 4);
    expect(h).toEqual({ past: [1], present: 4, future: [] });
  });

  test('keeps at most the limit of steps back', () => {
    let h = createHistory(0);
    for (let i = 1; i <= 10; i++) h = record(h, i, 3);
    expect(h.past).toEqual([7, 8, 9]);
  });
});
