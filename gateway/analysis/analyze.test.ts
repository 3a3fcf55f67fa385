import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { analyzeOperation } from './analyze.ts';
import { applyResult, resultPlan } from './result.ts';
import { analyze, anonymous, bank, person } from './test-support.ts';

const apply = (a: ReturnType<typeof analyze>, data: Record<string, unknown>) => applyResult(data, resultPlan(a)!);

describe('analyzeOperation: fields withheld from the caller', () => {
  it('lets everything through for a caller who may see it all', () => {
    const a = analyze('{ enterprise(uscc: "x") { name creditEasyLoans { amount } } }', { principal: bank });
    expect(a.denials).toEqual([]);
    expect(a.document).toBeNull();
    expect(resultPlan(a)).toBeNull();
  });

  it('removes a protected field reached through an alias and a named fragment', () => {
    const a = analyze(`
      query { enterprise(uscc: "x") { name legalRepresentative { ...P } } }
      fragment P on Person { name secret: penalties { id } log: accessLog { edges { cursor } } }`, { principal: anonymous });
    expect(a.denials.map((x) => x.path)).toEqual([
      ['enterprise', 'legalRepresentative', 'secret'],
      ['enterprise', 'legalRepresentative', 'log'],
    ]);
    const printed = print(a.document!);
    expect(printed).not.toMatch(/penalties|accessLog/);
    expect(printed).toMatch(/name/);
  });

  it('removes person-self fields for a bank but keeps personal-data fields', () => {
    const a = analyze('{ person(idNumber: "x") { penalties { id } accessLog { edges { cursor } } } }', { principal: bank });
    expect(a.denials.map((x) => x.coordinate)).toEqual(['Person.accessLog']);
  });

  it('keeps a probe where every field of a selection was removed, so the document stays valid', () => {
    const a = analyze('{ person(idNumber: "x") { consents { id } } }', { principal: anonymous });
    expect(print(a.document!)).toMatch(/__cgType: __typename/);
    const data = { person: { __cgType: 'Person' } };
    const { errors } = apply(a, data);
    expect(data).toEqual({ person: { consents: null } });
    expect(errors.map((e) => e.path)).toEqual([['person', 'consents']]);
  });

  it('drops an inline fragment left empty by a withheld field, and keeps one that still selects something', () => {
    const a = analyze('{ enterprise(uscc: "x") { name ... on Enterprise { objections { id } } ... on Enterprise { uscc objections { id } } } }', { principal: anonymous });
    expect(print(a.document!)).toBe('{\n  enterprise(uscc: "x") {\n    name\n    ... on Enterprise {\n      uscc\n    }\n  }\n}');
    expect(a.denials.map((d) => d.path)).toEqual([['enterprise', 'objections'], ['enterprise', 'objections']]);
  });

  it('lets a person through personal-data rules (the subgraph decides whose record)', () => {
    expect(analyze('{ me { person { id } } person(idNumber: "x") { penalties { id } consents { id } } }', { principal: person }).denials).toEqual([]);
  });

  it('rewrites a fragment once, keeps it a fragment, and withholds its field at every place it is spread', () => {
    const a = analyze(`{
        a: enterprise(uscc: "a") { ...E }
        b: enterprise(uscc: "b") { legalRepresentative { name } ...E }
      }
      fragment E on Enterprise { name objections { id } }`, { principal: anonymous });
    expect(a.denials.map((d) => d.path)).toEqual([['a', 'objections'], ['b', 'objections']]);
    const defs = a.document!.definitions;
    expect(defs.map((d) => d.kind)).toEqual([Kind.OPERATION_DEFINITION, Kind.FRAGMENT_DEFINITION]);
    expect(print(defs[1]!)).not.toMatch(/objections/);
    const data = { a: { name: 'A', __cgType: 'Enterprise' }, b: { name: 'B', legalRepresentative: { name: 'p' }, __cgType: 'Enterprise' } };
    const { errors } = apply(a, data);
    expect(data).toEqual({ a: { name: 'A', objections: null }, b: { name: 'B', legalRepresentative: { name: 'p' }, objections: null } });
    expect(errors.map((e) => e.path)).toEqual([['a', 'objections'], ['b', 'objections']]);
  });

  it('withholds a field under a type condition only from objects of that type, inline or through a fragment', () => {
    const small = buildASTSchema(parse(`
      interface Node { id: ID }
      type A implements Node { id: ID secret: String }
      type B implements Node { id: ID secret: String }
      type Query { node: Node nodes: [Node] }`));
    const rule = { authenticated: true, scopes: null, policies: null };
    const smallRules = { fields: new Map([['A.secret', rule]]), types: new Map() };
    const run = (query: string) => {
      const document = parse(query);
      return analyzeOperation(document, document.definitions[0] as OperationDefinitionNode, {
        schema: small, limits: { maxListFirst: 100, maxCost: 1_000 },
        authorization: { rules: smallRules, allows: () => false }, metering: null,
      });
    };
    for (const query of ['{ nodes { id ... on A { secret } ... on B { secret } } }', '{ nodes { id ...X ... on B { secret } } } fragment X on A { secret }']) {
      const a = run(query);
      expect(a.denials).toEqual([{ path: ['nodes', 'secret'], onlyTypes: new Set(['A']), coordinate: 'A.secret' }]);
      const data = { nodes: [{ id: '1', secret: undefined, __cgType: 'A' }, { id: '2', secret: 'b', __cgType: 'B' }] };
      const { errors } = applyResult(data, resultPlan(a)!);
      expect(data.nodes).toEqual([{ id: '1', secret: null }, { id: '2', secret: 'b' }]);
      expect(errors.map((e) => e.path)).toEqual([['nodes', 0, 'secret']]);
    }
  });

  it('does not walk a fragment again where it is spread again: a chain doubling at every level is analysed at once', () => {
    const levels = 60;
    const chain = Array.from({ length: levels }, (_, i) => (i < levels - 1
      ? `fragment F${i} on Enterprise { ...F${i + 1} ...F${i + 1} }`
      : `fragment F${i} on Enterprise { name objections { id } }`)).join('\n');
    // 2^59 places, each fragment walked once: the cost tree shares each fragment's node.
    expect(() => analyze(`{ enterprise(uscc: "x") { ...F0 } } ${chain}`, { principal: bank })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ limit: 'MAX_COST', actual: 7 * 2 ** 59 }) }));
    // Placed where spread: one spread per level, one denial (the gate refuses the doubling chain
    // before validation, so placements never multiply past MAX_SELECTIONS).
    const single = analyze(`{ enterprise(uscc: "x") { ...F0 } } ${chain.replace(/(\.\.\.F\d+) \1 }/g, '$1 }')}`, { principal: anonymous });
    expect(single.denials).toEqual([{ path: ['enterprise', 'objections'], onlyTypes: null, coordinate: 'Enterprise.objections' }]);
    expect(single.document!.definitions).toHaveLength(levels + 1);
  });
});

describe('applyResult', () => {
  it('sets null with a FORBIDDEN error per object, with list indices in the path', () => {
    const a = analyze('{ enterprises(first: 2) { edges { node { uscc creditEasyLoans { amount } } } } }', { principal: anonymous });
    const data = { enterprises: { edges: [{ node: { uscc: 'a' } }, { node: { uscc: 'b' } }] } };
    const { errors } = apply(a, data);
    expect(data.enterprises.edges.map((e) => e.node)).toEqual([{ uscc: 'a', creditEasyLoans: null }, { uscc: 'b', creditEasyLoans: null }]);
    expect(errors).toEqual([
      { message: 'Not authorized to see Enterprise.creditEasyLoans.', path: ['enterprises', 'edges', 0, 'node', 'creditEasyLoans'], extensions: { code: 'FORBIDDEN' } },
      { message: 'Not authorized to see Enterprise.creditEasyLoans.', path: ['enterprises', 'edges', 1, 'node', 'creditEasyLoans'], extensions: { code: 'FORBIDDEN' } },
    ]);
  });

  it('groups errors by withheld field in document order, each in result order', () => {
    const a = analyze('{ enterprises(first: 2) { edges { node { creditEasyLoans { amount } objections { id } } } } }', { principal: anonymous });
    const data = { enterprises: { edges: [{ node: {} }, { node: {} }] } };
    expect(apply(a, data).errors.map((e) => `${e.path[2]}:${e.path[4]}`)).toEqual(['0:creditEasyLoans', '1:creditEasyLoans', '0:objections', '1:objections']);
  });
});
