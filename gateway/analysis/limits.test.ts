import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, parse, type OperationDefinitionNode } from 'graphql';
import { extractRules } from './authorization/directives.ts';
import { checkLimits, type Limits } from './limits.ts';
import { CreditGraphError } from '../lib/errors.ts';

const { strippedSdl } = extractRules(readFileSync(resolve(import.meta.dirname, '../schema/supergraph.graphql'), 'utf8'));
const schema = buildASTSchema(parse(strippedSdl), { assumeValidSDL: true });
const limits: Limits = { maxDepth: 6, maxAliases: 3, maxRootFields: 2, maxListFirst: 100, maxCost: 2_000 };

function check(query: string, variables: Record<string, unknown> = {}) {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  try {
    checkLimits(schema, doc, op, variables, limits);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(CreditGraphError);
    return (err as CreditGraphError).extensions;
  }
}

describe('checkLimits', () => {
  it('checks a document that passed again when its list sizes come from variables', () => {
    const doc = parse('query P($n: Int) { enterprises(first: $n) { edges { node { name } } } }');
    const op = doc.definitions[0] as OperationDefinitionNode;
    expect(() => checkLimits(schema, doc, op, { n: 10 }, limits)).not.toThrow();
    expect(() => checkLimits(schema, doc, op, { n: 101 }, limits)).toThrow(/MAX_LIST_FIRST/);
  });

  it('passes an ordinary archive query', () => {
    expect(check('{ enterprise(uscc: "x") { name penalties { amount } licenses { licenseName } } }')).toBeNull();
  });

  it('names MAX_DEPTH when a query nests too deep, fragments included', () => {
    const ext = check(`{ enterprises { edges { node { ...E } } } }
      fragment E on Enterprise { legalRepresentative { accessLog { edges { node { id } } } } }`);
    expect(ext).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_DEPTH', max: 6 });
  });

  it('names MAX_ALIASES when a query repeats a field under many aliases', () => {
    const ext = check('{ enterprise(uscc: "x") { a: name b: name c: name d: name } }');
    expect(ext).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_ALIASES' });
  });

  it('names MAX_ROOT_FIELDS', () => {
    expect(check('{ a: me { kind } b: me { kind } c: me { kind } }')).toMatchObject({ limit: 'MAX_ROOT_FIELDS' });
  });

  it('caps first, from a literal or a variable', () => {
    expect(check('{ enterprises(first: 101) { edges { cursor } } }')).toMatchObject({ limit: 'MAX_LIST_FIRST', actual: 101 });
    expect(check('query($n: Int) { enterprises(first: $n) { edges { cursor } } }', { n: 5000 })).toMatchObject({ limit: 'MAX_LIST_FIRST' });
  });

  it('names MAX_COST for a page that multiplies out too far', () => {
    const ext = check('{ enterprises(first: 100) { edges { node { penalties(first: 100) { id amount violation } } } } }');
    expect(ext).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_COST' });
  });

  it('refuses aliases that start with "__", which the gateway reserves for its probes', () => {
    expect(check('{ enterprise(uscc: "x") { __cgSubject0: name } }')).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
