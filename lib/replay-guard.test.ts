/** Which subgraph calls must be single-use, and the bounded memory that makes them so. */
import { describe, expect, it } from '@jest/globals';
import { createReplayGuard, onlyQueries } from './replay-guard.ts';

describe('onlyQueries', () => {
  it('is true for documents whose every operation is a query', () => {
    for (const doc of [
      '{ whoami }',
      'query { a }',
      'query Q($x: In = { mutation: 1, nested: [{ a: 2 }] }) @d(mutation: { x: 1 }) { a(mutation: 1) { mutation } }',
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { id } } }',
      '# mutation in a comment\nquery A { a } query B { ...F } fragment F on Query { mutation }',
      'fragment F on Query { a } { ...F }',
    ]) expect([doc, onlyQueries(doc)]).toEqual([doc, true]);
  });

  it('is false for any document holding a mutation or a subscription, or that does not lex', () => {
    for (const doc of [
      'mutation { grantConsent(input: {}) { id } }',
      'mutation($x: Int) { a }',
      '  \n# a comment\nmutation M { a }',
      'query Q { a } mutation M { b }',
      'query Q($v: In = { a: 1 }) { a } mutation { b }',
      'fragment F on Mutation { a } mutation { ...F }',
      'subscription { a }',
      '{ a } }mutation { b }',
      '"unterminated',
      '',
    ]) expect([doc, onlyQueries(doc)]).toEqual([doc, false]);
  });

  it('is false when the body holds no query text (a batch, a persisted-query hash)', () => {
    expect(onlyQueries(undefined)).toBe(false);
    expect(onlyQueries(['{ a }'])).toBe(false);
  });
});

describe('createReplayGuard', () => {
  it('accepts a nonce once and refuses it again until it expires', () => {
    const guard = createReplayGuard();
    expect(guard.claim('n1', 1_030, 1_000)).toBe('FIRST_USE');
    expect(guard.claim('n1', 1_030, 1_020)).toBe('REPLAYED');
    expect(guard.claim('n2', 1_030, 1_020)).toBe('FIRST_USE');
  });

  it('forgets nonces once their header has expired', () => {
    const guard = createReplayGuard();
    guard.claim('n1', 1_030, 1_000);
    guard.claim('n2', 1_040, 1_000);
    guard.claim('n3', 1_050, 1_041);
    expect(guard.size).toBe(1);
  });

  it('refuses a new nonce when full of unexpired ones, and makes room from expired ones first', () => {
    const guard = createReplayGuard(2);
    guard.claim('late', 5_000, 1_000); // out of expiry order: the front sweep stops at it
    guard.claim('early', 1_100, 1_000);
    expect(guard.claim('n3', 5_000, 1_050)).toBe('FULL');
    expect(guard.claim('n3', 5_000, 1_200)).toBe('FIRST_USE');
    expect(guard.size).toBe(2);
  });

  it('says what it expected of a bad bound', () => {
    expect(() => createReplayGuard(0)).toThrow('maxEntries must be a positive integer, got 0');
  });
});
