import { describe, expect, it } from '@jest/globals';
import { timeOrderedId } from './sequence.ts';

describe('timeOrderedId', () => {
  it('gives UUIDs of version 7 that sort in the order they were made, many within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => timeOrderedId(1_800_000_000_000 + Math.floor(i / 5000)));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts with the millisecond it was made in', () => {
    const id = timeOrderedId(Date.UTC(2030, 0, 1));
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1));
  });
});
