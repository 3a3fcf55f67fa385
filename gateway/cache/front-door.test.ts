import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ANONYMOUS } from '../../lib/caller.ts';
import { noUsage } from '../metering/operation-usage.ts';
import { cacheKey } from './executor.ts';
import { frontDoor } from './front-door.ts';
import { ResponseCache } from './response-cache.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const A = 'query A($u: ID!) { enterprise(uscc: $u) { name } }';
const B = 'query A($u: ID!) { enterprise(uscc: $u) { uscc } }'; // one field apart

function keep(cache: ResponseCache, query: string, body: string) {
  cache.set(cacheKey('public', sha256(query), null, { u: 'X' }), { body: Buffer.from(body), metered: null }, null, cache.epoch);
}

const ask = (door: ReturnType<typeof frontDoor>, query: string) =>
  door.answer({ method: 'POST', body: { query, variables: { u: 'X' } }, principal: ANONYMOUS, usage: noUsage() }).then((b) => b?.toString() ?? null);

describe('the door', () => {
  it('finds each document\'s own answer by its sha256', async () => {
    const cache = new ResponseCache({ bytes: 1_000_000, ttlMs: 60_000 });
    const door = frontDoor(cache, { metered: () => false });
    keep(cache, A, 'answer A');
    expect(await ask(door, A)).toBe('answer A');
    expect(await ask(door, B)).toBeNull();
    keep(cache, B, 'answer B');
    for (let i = 0; i < 3; i++) {
      expect(await ask(door, B)).toBe('answer B');
      expect(await ask(door, A)).toBe('answer A');
    }
    expect(door.stats.served).toBe(7);
  });

  it('leaves a GET, a batch\'s wrapper and an unknown extension to Apollo Server', async () => {
    const cache = new ResponseCache({ bytes: 1_000_000, ttlMs: 60_000 });
    const door = frontDoor(cache, { metered: () => false });
    keep(cache, A, 'answer A');
    const usage = noUsage();
    expect(await door.answer({ method: 'GET', body: { query: A, variables: { u: 'X' } }, principal: ANONYMOUS, usage })).toBeNull();
    expect(await door.answer({ method: 'POST', body: [{ query: A, variables: { u: 'X' } }], principal: ANONYMOUS, usage })).toBeNull();
    expect(await door.answer({ method: 'POST', body: { query: A, variables: { u: 'X' }, extensions: {} }, principal: ANONYMOUS, usage })).toBeNull();
    expect(door.stats.served).toBe(0);
  });
});
