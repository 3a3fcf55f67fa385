import { describe, expect, it } from '@jest/globals';
import { todayCST } from './today.ts';

describe('todayCST', () => {
  it('turns the date at 16:00 UTC, midnight in China Standard Time', () => {
    expect(todayCST(new Date('2025-06-14T15:59:59Z'))).toBe('2025-06-14');
    expect(todayCST(new Date('2025-06-14T16:00:00Z'))).toBe('2025-06-15');
  });

  it('crosses the year at 16:00 UTC on 31 December', () => {
    expect(todayCST(new Date('2024-12-31T16:30:00Z'))).toBe('2025-01-01');
  });
});
