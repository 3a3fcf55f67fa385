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

describe('the cost\'s edges', () => {
  const cost = (query: string, variables: Record<string, unknown> = {}) => checkCost(analyze(query, { limits }).cost, variables, limits);

  it('admits first at MAX_LIST_FIRST and a cost at MAX_COST, refusing one more', () => {
    expect(cost('{ enterprises(first: 100) { edges { cursor } } }')).toBe(1 + 1 + 100 * 1);
    const at = { maxListFirst: 100, maxCost: 102 };
    expect(checkCost(analyze('{ enterprises(first: 100) { edges { cursor } } }', { limits }).cost, {}, at)).toBe(102);
    expect(() => checkCost(analyze('{ enterprises(first: 100) { edges { cursor } } }', { limits }).cost, {}, { ...at, maxCost: 101 }))
      .toThrow(expect.objectContaining({ extensions: expect.objectContaining({ limit: 'MAX_COST', max: 101, actual: 102 }) }));
  });

  it('names the field whose first is over the limit', () => {
    expect(() => cost('{ enterprises(first: 101) { edges { cursor } } }')).toThrow('`first` on Query.enterprises is 101, over the limit of 100 (MAX_LIST_FIRST).');
  });

  it('sizes a list by the variable\'s first, and by the field\'s default first when the variable is not given', () => {
    const q = 'query P($n: Int) { enterprises(first: $n) { edges { node { name } } } }';
    expect(cost(q, { n: 10 })).toBe(1 + 1 + 10 * (1 + 1));
    expect(cost(q, { n: 3 })).toBe(1 + 1 + 3 * (1 + 1));
    // Unset: the connection's own default page size (`first: Int = 20`), as the subgraph would apply it.
    expect(cost(q, {})).toBe(1 + 1 + 20 * (1 + 1));
    expect(cost('{ enterprises { edges { node { name } } } }')).toBe(1 + 1 + 20 * (1 + 1));
  });

  it('knows an operation is variable when a first anywhere below comes from a variable, fragments included', () => {
    expect(analyze('query P($n: Int) { enterprise(uscc: "x") { penalties(first: $n) { id } } }', { limits }).costChecked).toBe(false);
    expect(analyze('query P($n: Int) { ...Q } fragment Q on Query { enterprises(first: $n) { edges { cursor } } }', { limits }).costChecked).toBe(false);
    expect(analyze('query P($n: Int) { enterprise(uscc: "x") { penalties(first: 3) { id } } }', { limits }).costChecked).toBe(true);
  });

  it('counts a list asked for with first 0 as one item, not as free', () => {
    expect(cost('{ enterprise(uscc: "x") { penalties(first: 0) { id amount } } }')).toBe(1 + (1 + 1 * 2));
  });

  it('prices a fragment where it is spread, by the page of the connection it sits in', () => {
    const inline = (n: number) => cost(`{ enterprises(first: ${n}) { edges { node { name } } } }`);
    expect(cost('{ enterprises(first: 20) { ...C } } fragment C on EnterpriseConnection { edges { node { name } } }')).toBe(inline(20));
    // The same fragment in pages of two sizes: each priced by its own.
    expect(cost('{ a: enterprises(first: 20) { ...C } b: enterprises(first: 10) { ...C } } fragment C on EnterpriseConnection { edges { node { name } } }'))
      .toBe(inline(20) + inline(10));
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
