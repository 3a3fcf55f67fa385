import { describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { approximateBytes, ByteLru, cacheBudgets, keyValueCache } from './caches.ts';

describe('ByteLru', () => {
  it('drops the least recently used entries once over its bytes, and forgets them', () => {
    const lru = new ByteLru<string, string>(10, (v) => v.length);
    lru.set('a', 'aaaa');
    lru.set('b', 'bbbb');
    expect(lru.get('a')).toBe('aaaa'); // now b is the least recently used
    lru.set('c', 'cccc');
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['aaaa', undefined, 'cccc']);
    expect({ bytes: lru.bytes, size: lru.size }).toEqual({ bytes: 8, size: 2 });
  });

  it('does not keep an entry larger than the whole budget, nor the old value under its key', () => {
    const lru = new ByteLru<string, string>(10, (v) => v.length);
    lru.set('a', 'aa');
    lru.set('a', 'x'.repeat(11));
    expect(lru.get('a')).toBeUndefined();
    expect(lru.bytes).toBe(0);
  });

  it('counts a replaced entry once', () => {
    const lru = new ByteLru<string, string>(100, (v) => v.length);
    lru.set('a', 'aaaa');
    lru.set('a', 'aa');
    expect(lru.bytes).toBe(2);
  });

  it('serves as Apollo\'s KeyValueCache', async () => {
    const lru = new ByteLru<string, string>(100, (v) => v.length);
    const cache = keyValueCache(lru);
    await cache.set('k', 'v');
    expect(await cache.get('k')).toBe('v');
    expect(await cache.delete('k')).toBe(true);
    cache.clear();
    expect(lru.size).toBe(0);
  });
});

describe('budgets', () => {
  it('shares out the whole of GATEWAY_CACHE_BYTES', () => {
    const b = cacheBudgets(1_000_000);
    const total = Object.values(b).reduce((x, y) => x + y, 0);
    expect(total).toBeLessThanOrEqual(1_000_000);
    expect(total).toBeGreaterThan(999_990);
  });

  it('sizes a parsed document by its source', () => {
    expect(approximateBytes.document(parse('{ me { kind } }'))).toBe('{ me { kind } }'.length * 48);
  });
});
