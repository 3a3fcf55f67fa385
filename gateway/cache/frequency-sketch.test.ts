import { describe, expect, it } from '@jest/globals';
import { FrequencySketch } from './frequency-sketch.ts';

describe('FrequencySketch', () => {
  it('never counts a key below the times it was asked for, up to its cap of 15', () => {
    const s = new FrequencySketch(4096);
    for (let i = 0; i < 500; i++) for (let n = 0; n < i % 7; n++) s.increment(`key-${i}`);
    for (let i = 0; i < 500; i++) expect(s.frequency(`key-${i}`)).toBeGreaterThanOrEqual(i % 7);
    for (let n = 0; n < 40; n++) s.increment('busy');
    expect(s.frequency('busy')).toBe(15);
    expect(s.frequency('never asked')).toBeLessThanOrEqual(1);
  });

  it('halves every count once it has counted as many increments as it has counters, so that old popularity fades', () => {
    const s = new FrequencySketch(4096);
    for (let n = 0; n < 12; n++) s.increment('old favourite');
    let i = 0;
    // 4,096 counted increments in all: the last one halves every counter (fillers sharing one of its
    // counters may have raised it to at most 15 before).
    while (s.frequency('old favourite') >= 12 && i < 100_000) s.increment(`filler-${i++}`);
    expect(s.frequency('old favourite')).toBeGreaterThanOrEqual(6);
    expect(s.frequency('old favourite')).toBeLessThanOrEqual(7);
    expect(i).toBeGreaterThan(4_000);
    expect(i).toBeLessThan(4_096);
  });
});
