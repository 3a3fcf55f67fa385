import { describe, expect, it } from '@jest/globals';
import { GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { CreditGraphError } from '../../lib/errors.ts';
import { checkShape, shapeGate } from './gate.ts';
import type { ShapeLimits } from './limits.ts';
import { schema } from './test-support.ts';

const limits: ShapeLimits = {
  maxDepth: 6, maxAliases: 3, maxRootFields: 2, maxSelections: 200, maxDirectives: 5, maxFragmentSpreads: 8, maxFieldMerges: 100,
};

function refused(query: string, l: ShapeLimits = limits) {
  try {
    checkShape(parse(query), l);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(CreditGraphError);
    return (err as CreditGraphError).extensions;
  }
}

const chain = (levels: number) => `{ ...F0 } ${Array.from({ length: levels }, (_, i) => (i < levels - 1
  ? `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }` : `fragment F${i} on Query { me { kind } }`)).join(' ')}`;

describe('checkShape', () => {
  it('passes an ordinary archive query', () => {
    expect(refused('{ enterprise(uscc: "x") { name penalties { amount } licenses { licenseName } } }')).toBeNull();
  });

  it('names MAX_DEPTH when a query nests too deep, fragments included', () => {
    expect(refused(`{ enterprises { edges { node { ...E } } } }
      fragment E on Enterprise { legalRepresentative { accessLog { edges { node { id } } } } }`))
      .toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_DEPTH', max: 6, actual: 8 });
  });

  it('counts inline fragments nested in one another as depth, and stops there', () => {
    const nested = `{ ${'... on Query { '.repeat(800)} __typename ${'} '.repeat(800)} }`;
    expect(refused(nested)).toMatchObject({ limit: 'MAX_DEPTH', actual: 7 });
  });

  it('names MAX_ALIASES when a query repeats a field under many aliases, counted where fragments are spread', () => {
    expect(refused('{ enterprise(uscc: "x") { a: name b: name c: name d: name } }')).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_ALIASES' });
    expect(refused('{ me { ...A ...A } } fragment A on Viewer { a: kind b: kind }')).toMatchObject({ limit: 'MAX_ALIASES', actual: 4 });
  });

  it('names MAX_ROOT_FIELDS', () => {
    expect(refused('{ a: me { kind } b: me { kind } c: me { kind } }')).toMatchObject({ limit: 'MAX_ROOT_FIELDS' });
  });

  it('names MAX_SELECTIONS for fragments that multiply, counting each fragment once', () => {
    // 2^40 selections in under 2 kB: counted level by level, refused as soon as one level is over.
    const doc = chain(40);
    expect(doc.length).toBeLessThan(2_000);
    expect(refused(doc, { ...limits, maxFieldMerges: Infinity, maxFragmentSpreads: Infinity })).toMatchObject({ limit: 'MAX_SELECTIONS', max: 200 });
  });

  it('names MAX_FRAGMENT_SPREADS and MAX_DIRECTIVES, counted in the text', () => {
    expect(refused(`{ me { ${'...K '.repeat(9)} } } fragment K on Viewer { kind }`, { ...limits, maxFieldMerges: Infinity }))
      .toMatchObject({ limit: 'MAX_FRAGMENT_SPREADS', actual: 9 });
    expect(refused(`{ me { kind ${'@skip(if: false) '.repeat(6)} } }`)).toMatchObject({ limit: 'MAX_DIRECTIVES', actual: 6 });
  });

  it('names MAX_FIELD_MERGES for many same-named fields in one place, through inline fragments and spreads', () => {
    expect(refused(`{ me { ${'person { name } '.repeat(12)} } }`)).toMatchObject({ limit: 'MAX_FIELD_MERGES' });
    expect(refused(`{ me { ${'... on Viewer { person { name } } '.repeat(12)} } }`)).toMatchObject({ limit: 'MAX_FIELD_MERGES' });
    expect(refused(`{ me { ...P ...P ...P ...P ...P ...P } } fragment P on Viewer { person { name idNumber } }`)).toMatchObject({ limit: 'MAX_FIELD_MERGES' });
    // Two copies of a small selection are ordinary (fragments that overlap).
    expect(refused('{ me { person { name } person { id } } }')).toBeNull();
  });

  it('reports aliases starting with "__", which the gateway reserves for its probes', () => {
    const { reserved } = checkShape(parse('{ enterprise(uscc: "x") { __cgSubject0: name } }'), limits);
    expect(reserved.map((e) => e.message)).toEqual(['Alias "__cgSubject0": aliases starting with "__" are reserved.']);
  });

  it('counts the directives of the operation, its variable definitions and its fragment definitions', () => {
    expect(refused('query Q($a: Int @d @d @d) @d @d @d { me { kind } }')).toMatchObject({ limit: 'MAX_DIRECTIVES', actual: 6 });
    expect(refused('query Q($a: Int @d @d) @d @d @d { me { kind } }')).toBeNull();
    expect(refused('{ me { ...F } } fragment F on Viewer @d @d @d @d @d @d { kind }')).toMatchObject({ limit: 'MAX_DIRECTIVES', actual: 6 });
  });

  it('reserves only aliases that start with "__", not introspection fields nor names with "__" inside', () => {
    expect(checkShape(parse('{ __typename me { __typename a__b: kind } }'), limits).reserved).toEqual([]);
  });

  it('reports the merge work of same-named fields: the products of their sizes, pair by pair', () => {
    // Two `person` fields of size 2 (the field and its one selection): one pair, 2 × 2.
    expect(checkShape(parse('{ me { person { name } person { id } } }'), limits).fieldMerges).toBe(4);
    // Three of sizes 1, 2 and 3: 1×2 + 1×3 + 2×3.
    expect(checkShape(parse('{ me { person person { id } person { id name } } }'), limits).fieldMerges).toBe(11);
    expect(checkShape(parse('{ me { kind person { id } } }'), limits).fieldMerges).toBe(0);
  });

  it('admits a query at MAX_DEPTH and refuses one a level deeper', () => {
    expect(refused('{ me { person { accessLog { edges { node { id } } } } } }')).toBeNull(); // depth 6
    expect(refused('{ me { person { accessLog { edges { node { id { x } } } } } } }')).toMatchObject({ limit: 'MAX_DEPTH', actual: 7 });
  });

  it('does not loop on a fragment cycle (validation reports it)', () => {
    expect(refused('{ me { ...A } } fragment A on Viewer { kind ...B } fragment B on Viewer { ...A }')).toBeNull();
  });
});

describe('shapeGate', () => {
  it('reports the crossed limit alone: no other validation rule walks the document', () => {
    // Unknown fields everywhere: validation would report each of them.
    const errors = validate(schema, parse(`{ ${'nosuch { x } '.repeat(12)} }`), [...specifiedRules, shapeGate(limits)]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(GraphQLError);
    expect(errors[0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_FIELD_MERGES' });
  });

  it('leaves a valid document to validation, and reports reserved aliases as validation errors', () => {
    expect(validate(schema, parse('{ me { kind } }'), [...specifiedRules, shapeGate(limits)])).toEqual([]);
    const errors = validate(schema, parse('{ me { __cgType: kind } }'), [...specifiedRules, shapeGate(limits)]);
    expect(errors.map((e) => e.message)).toEqual(['Alias "__cgType": aliases starting with "__" are reserved.']);
  });
});
