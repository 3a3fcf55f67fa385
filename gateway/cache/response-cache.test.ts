import { describe, expect, it } from '@jest/globals';
import { ResponseCache, type CachedAnswer } from './response-cache.ts';

const answer = (name: string): CachedAnswer => ({ data: { enterprise: { name } }, metered: null });

function cache(opts: { bytes?: number; ttlMs?: number } = {}) {
  let now = 0;
  const c = new ResponseCache({ bytes: opts.bytes ?? 1_000_000, ttlMs: opts.ttlMs ?? 1_000, now: () => now });
  return { c, advance: (ms: number) => { now += ms; } };
}

describe('ResponseCache', () => {
  it('serves a stored answer until its time to live is over', () => {
    const { c, advance } = cache({ ttlMs: 1_000 });
    expect(c.set('k', answer('A'), ['U1'], c.epoch)).toBe(true);
    advance(999);
    expect(c.get('k')).toEqual(answer('A'));
    advance(1);
    expect(c.get('k')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('drops the answers of an invalidated subject and every answer that depends on all subjects, and keeps the rest', () => {
    const { c } = cache();
    c.set('one', answer('A'), ['U1'], c.epoch);
    c.set('two', answer('B'), ['U2'], c.epoch);
    c.set('both', answer('AB'), ['U1', 'U2'], c.epoch);
    c.set('list', answer('*'), null, c.epoch);
    c.invalidate(['U1']);
    expect([c.get('one'), c.get('both'), c.get('list')]).toEqual([undefined, undefined, undefined]);
    expect(c.get('two')).toEqual(answer('B'));
    expect(c.indexedSubjects).toBe(1);
  });

  it('does not store an answer whose computation began before an invalidation', () => {
    const { c } = cache();
    const startedAt = c.epoch;
    c.invalidate(['U9']);
    expect(c.set('k', answer('stale'), ['U1'], startedAt)).toBe(false);
    expect(c.get('k')).toBeUndefined();
  });

  it('keeps within its byte budget, and answers dropped for room leave no trace in the subject index', () => {
    const { c } = cache({ bytes: 20_000 });
    for (let i = 0; i < 1_000; i++) c.set(`k${i}`, answer(`E${i}`), [`U${i}`], c.epoch);
    expect(c.bytes).toBeLessThanOrEqual(20_000);
    expect(c.size).toBeGreaterThan(0);
    expect(c.size).toBeLessThan(1_000);
    expect(c.indexedSubjects).toBe(c.size);
    expect(c.get('k999')).toEqual(answer('E999'));
    expect(c.get('k0')).toBeUndefined();
  });

  it('clears everything on a write it cannot attribute', () => {
    const { c } = cache();
    c.set('a', answer('A'), ['U1'], c.epoch);
    c.set('b', answer('B'), null, c.epoch);
    const before = c.epoch;
    c.clear();
    expect(c.size).toBe(0);
    expect(c.epoch).toBeGreaterThan(before);
  });
});
