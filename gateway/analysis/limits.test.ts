import { describe, expect, it } from '@jest/globals';
import { GraphQLError, parse } from 'graphql';
import { checkCost } from './cost.ts';
import { tokenLimitError, type TypedLimits } from './limits.ts';
import { analyze } from './test-support.ts';

const limits: TypedLimits = { maxListFirst: 100, maxCost: 2_000 };

function refused(query: string, variables: Record<string, unknown> = {}) {
  try {
    const a = analyze(query, { limits });
    if (!a.costChecked) checkCost(a.cost, variables, limits);
    return null;
  } catch (err) {
    return (err as GraphQLError).extensions;
  }
}

describe('cost and list sizes', () => {
  it('checks an operation again with each request\'s variables when its list sizes come from them', () => {
    const a = analyze('query P($n: Int) { enterprises(first: $n) { edges { node { name } } } }', { limits });
    expect(a.costChecked).toBe(false);
    expect(() => checkCost(a.cost, { n: 10 }, limits)).not.toThrow();
    expect(() => checkCost(a.cost, { n: 101 }, limits)).toThrow(/MAX_LIST_FIRST/);
  });

  it('checks an operation without variables once, while analysing it', () => {
    expect(analyze('{ enterprise(uscc: "x") { name penalties { amount } } }', { limits }).costChecked).toBe(true);
  });

  it('caps first, from a literal or a variable', () => {
    expect(refused('{ enterprises(first: 101) { edges { cursor } } }')).toMatchObject({ limit: 'MAX_LIST_FIRST', actual: 101 });
    expect(refused('query($n: Int) { enterprises(first: $n) { edges { cursor } } }', { n: 5000 })).toMatchObject({ limit: 'MAX_LIST_FIRST' });
  });

  it('names MAX_COST for a page that multiplies out too far, fragments included', () => {
    expect(refused('{ enterprises(first: 100) { edges { node { penalties(first: 100) { id amount violation } } } } }'))
      .toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_COST' });
    expect(refused('{ enterprises(first: 100) { edges { node { ...P } } } } fragment P on Enterprise { penalties(first: 100) { id amount violation } }'))
      .toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_COST', actual: 1 + 1 + 100 * (1 + 1 + 100 * 3) });
  });

  it('sizes a connection\'s edges by its first, and an archive list without first at 5', () => {
    const a = analyze('{ enterprises(first: 20) { edges { node { name penalties { id } } } } }', { limits });
    // enterprises 1 + edges (1 + 20 × (node 1 + name 1 + penalties (1 + 5 × id 1)))
    expect(checkCost(a.cost, {}, limits)).toBe(1 + 1 + 20 * (1 + 1 + 1 + 5));
  });
});

describe('tokenLimitError', () => {
  it('recognises the installed graphql\'s token-limit error as MAX_TOKENS', () => {
    let error: unknown;
    try { parse(`{ me { ${'kind '.repeat(20)} } }`, { maxTokens: 10 }); } catch (err) { error = err; }
    expect(tokenLimitError(error)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_TOKENS', max: 10 });
    expect(tokenLimitError(new GraphQLError('Syntax Error: Expected Name, found <EOF>.'))).toBeNull();
  });
});
