import { describe, expect, test } from 'vitest';
import { NODE_HEIGHT } from './autoLayout';
import { freePosition } from './freePosition';

describe('placing a clicked-in step', () => {
  test('keeps the wanted spot when it is free', () => {
    expect(freePosition({ x: 10.4, y: 20.6 }, [{ x: 400, y: 20 }])).toEqual({ x: 10, y: 21 });
  });

  test('moves below the cards it would cover, past a whole column of them', () => {
    const taken = [
      { x: 0, y: 0 },
      { x: 20, y: NODE_HEIGHT + 40 },
    ];
    const spot = freePosition({ x: 10, y: 10 }, taken);
    expect(spot.x).toBe(10);
    for (const p of taken) expect(Math.abs(p.y - spot.y) >= NODE_HEIGHT || Math.abs(p.x - spot.x) >= 256).toBe(true);
  });
});
