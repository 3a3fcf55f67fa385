import { describe, expect, it } from '@jest/globals';
import { byKey, groupByKey, loader } from './loaders.ts';

describe('byKey', () => {
  it('returns rows in key order and null for misses', () => {
    const rows = [{ id: 'b', v: 2 }, { id: 'a', v: 1 }];
    expect(byKey(['a', 'x', 'b'], rows, (r) => r.id)).toEqual([{ id: 'a', v: 1 }, null, { id: 'b', v: 2 }]);
  });
});

describe('groupByKey', () => {
  it('groups rows per key in key order with empty arrays for misses', () => {
    const rows = [{ k: 'b', n: 1 }, { k: 'a', n: 2 }, { k: 'b', n: 3 }];
    expect(groupByKey(['a', 'b', 'c'], rows, (r) => r.k)).toEqual([[{ k: 'a', n: 2 }], [{ k: 'b', n: 1 }, { k: 'b', n: 3 }], []]);
  });
});

describe('loader', () => {
  it('makes one batch call for keys asked for in the same tick', async () => {
    const calls: (readonly string[])[] = [];
    const l = loader<string, string>(async (keys) => { calls.push(keys); return keys.map((k) => k.toUpperCase()); });
    const out = await Promise.all(['a', 'b', 'a', 'c'].map((k) => l.load(k)));
    expect(out).toEqual(['A', 'B', 'A', 'C']);
    expect(calls).toEqual([['a', 'b', 'c']]);
  });
});
