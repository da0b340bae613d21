import { NODE_HEIGHT, NODE_WIDTH } from './autoLayout';

type Point = { x: number; y: number };

const GAP = 32;

function overlaps(a: Point, b: Point): boolean {
  return Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT;
}

/** The first spot at or below `wanted` where a new card covers no other card. */
export function freePosition(wanted: Point, taken: Point[]): Point {
  let position = { x: Math.round(wanted.x), y: Math.round(wanted.y) };
  while (taken.some((p) => overlaps(p, position))) position = { x: position.x, y: position.y + NODE_HEIGHT + GAP };
  return position;
}
