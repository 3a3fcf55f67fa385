import { describe, expect, it } from '@jest/globals';
import {
  getNamedType, isInterfaceType, isObjectType, parse, print, type OperationDefinitionNode,
  type GraphQLCompositeType, type GraphQLField,
} from 'graphql';
import { analyzeOperation, PROBE_PREFIX } from './analyze.ts';
import { applyResult, resultPlan } from './result.ts';
import { analyze, bank, operator, schema, subjects } from './test-support.ts';

const meter = (query: string, principal = bank) => analyze(query, { principal, meter: true });
const pulls = (query: string, data: Record<string, unknown>, principal = bank) => {
  const a = meter(query, principal);
  return { a, ...applyResult(data, resultPlan(a)!).pulls };
};

describe('metering probes', () => {
  it('gives the rewritten document an operation node of its own when only a fragment changed', () => {
    // federation's Operation is kept per operation node (operation-cache.ts): sharing the client's
    // node would hand an unmetered caller the probed shape ("Cannot return null for … __cgSubject0").
    const document = parse('query($u: ID!) { enterprise(uscc: $u) { ...A } } fragment A on Enterprise { uscc licenses { id } }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    const a = analyzeOperation(document, operation, { schema, limits: { maxListFirst: 100, maxCost: 1_000_000 }, authorization: null, metering: subjects });
    expect(print(a.document!)).toContain(PROBE_PREFIX);
    expect(a.document!.definitions[0]).toBe(a.operation);
    expect(a.operation).not.toBe(operation);
  });

  it('counts each enterprise whose records came back once, and removes the probes', () => {
    const a = meter('{ enterprises(first: 3) { edges { node { name penalties { amount } } } } }');
    expect(a.probes.map((p) => [p.alias, p.path])).toEqual([[`${PROBE_PREFIX}0`, ['enterprises', 'edges', 'node']]]);
    const node = (uscc: string, penalties: unknown[]) => ({ node: { name: uscc, penalties, [`${PROBE_PREFIX}0`]: uscc } });
    const data = { enterprises: { edges: [node('A', [{ amount: 1 }]), node('B', []), node('A', [{ amount: 2 }])] } };
    expect(applyResult(data, resultPlan(a)!).pulls).toEqual({ archive: 1, person: 0 });
    expect(JSON.stringify(data)).not.toContain(PROBE_PREFIX);
  });

  it('puts the probe inside a named fragment and reads it at every place the fragment is spread', () => {
    const q = '{ x: enterprise(uscc: "A") { ...E } y: enterprise(uscc: "B") { ...E } } fragment E on Enterprise { name penalties { amount } }';
    const a = meter(q);
    expect(print(a.document!)).toContain(`fragment E on Enterprise {\n  name\n  penalties {\n    amount\n  }\n  ${PROBE_PREFIX}0: uscc\n}`);
    expect(a.probes.map((p) => p.path)).toEqual([['x'], ['y']]);
    const data = { x: { penalties: [{ amount: 1 }], [`${PROBE_PREFIX}0`]: 'A' }, y: { penalties: [{ amount: 2 }], [`${PROBE_PREFIX}0`]: 'B' } };
    expect(applyResult(data, resultPlan(a)!).pulls.archive).toBe(2);
    expect(JSON.stringify(data)).not.toContain(PROBE_PREFIX);
  });

  it('follows aliases and stops at nulls on the way', () => {
    const a = meter('{ e: enterprise(uscc: "A") { archive: penalties { amount } } }');
    expect(applyResult({ e: null }, resultPlan(a)!).pulls.archive).toBe(0);
    const data = { e: { archive: [{ amount: 3 }], [`${PROBE_PREFIX}0`]: 'A' } };
    expect(applyResult(data, resultPlan(a)!).pulls.archive).toBe(1);
    expect(data.e).toEqual({ archive: [{ amount: 3 }] });
  });

  it('counts the records a rating rests on, through a fragment on the rating', () => {
    const q = `{ enterprise(uscc: "A") { name rating { ...R } } }
      fragment R on EnterpriseRating { grade indicators { basis { ... on AdministrativePenalty { violation } } } }`;
    const probe = `${PROBE_PREFIX}0`;
    const withRecords = pulls(q, { enterprise: { name: 'n', rating: { grade: 'C', indicators: [{ basis: [] }, { basis: [{ violation: 'v' }] }] }, [probe]: 'A' } });
    expect(withRecords.a.probes).toEqual([expect.objectContaining({ path: ['enterprise'], records: [['rating', 'indicators', 'basis']] })]);
    expect(withRecords.archive).toBe(1);
    expect(pulls(q, { enterprise: { name: 'n', rating: { grade: 'A', indicators: [{ basis: [] }] }, [probe]: 'A' } }).archive).toBe(0);
  });

  it('counts an enterprise only when some record came back: an empty list, a null or a missing list is none', () => {
    const q = '{ enterprise(uscc: "A") { penalties { amount } licenses { id } } }';
    const probe = `${PROBE_PREFIX}0`;
    expect(pulls(q, { enterprise: { penalties: [], licenses: null, [probe]: 'A' } }).archive).toBe(0);
    expect(pulls(q, { enterprise: { penalties: [], [probe]: 'A' } }).archive).toBe(0);
    expect(pulls(q, { enterprise: { penalties: [], licenses: [{ id: 'l' }], [probe]: 'A' } }).archive).toBe(1);
    // A probe without its key (the subject's uscc did not come back) counts nobody.
    expect(pulls(q, { enterprise: { penalties: [{ amount: 1 }], [probe]: null } }).archive).toBe(0);
  });

  it('counts one pull per record where no enterprise encloses them', () => {
    const r = pulls('{ checkSanctions(subjects: ["A", "B"], matterCode: "m") { subject basis { id } } }', {
      checkSanctions: [{ subject: 'A', basis: [{ id: '1' }, { id: '2' }] }, { subject: 'B', basis: [] }],
    }, operator);
    expect(r.archive).toBe(2);
  });

  it('counts a person whose records came back, records being the fields under the personal-data policy', () => {
    const a = meter('{ person(idNumber: "x") { name penalties { id } integrity { grade } } }');
    expect(a.probes).toEqual([expect.objectContaining({ records: [['penalties'], ['integrity']], subject: { kind: 'person', key: 'id' } })]);
    const data = { person: { name: 'n', penalties: [], integrity: { grade: 'A' }, [`${PROBE_PREFIX}0`]: 'p1' } };
    expect(applyResult(data, resultPlan(a)!).pulls).toEqual({ archive: 0, person: 1 });
  });

  it('lists the fields touched, withheld ones excepted', () => {
    const a = analyze('{ enterprise(uscc: "x") { name objections { id } } }', { principal: { kind: 'ANONYMOUS' }, meter: true });
    expect(a.fields).toEqual(['Enterprise.name', 'Query.enterprise']);
  });
});

/**
 * Every path from a root to a field that returns archive records, walked over the schema (a type is
 * not entered twice on one path), each as a query selecting `id` of the records.
 */
function archivePaths(): Array<{ coordinate: string; query: string }> {
  const out: Array<{ coordinate: string; query: string }> = [];
  const select = (f: GraphQLField<unknown, unknown>, inner: string) => {
    const args = f.args.filter((a) => a.type.toString().endsWith('!'))
      .map((a) => `${a.name}: ${a.type.toString().startsWith('[') ? '[]' : a.type.toString().startsWith('Int') ? '1' : '"x"'}`);
    return `${f.name}${args.length ? `(${args.join(', ')})` : ''} ${inner}`;
  };
  const walk = (type: GraphQLCompositeType, seen: Set<string>, wrap: (s: string) => string) => {
    if (!isObjectType(type) && !isInterfaceType(type)) return;
    for (const f of Object.values(type.getFields())) {
      if (subjects.returnsArchive(f)) {
        out.push({ coordinate: `${type.name}.${f.name}`, query: wrap(select(f, '{ id }')) });
        continue;
      }
      const next = getNamedType(f.type);
      if ((isObjectType(next) || isInterfaceType(next)) && !seen.has(next.name)) {
        walk(next, new Set([...seen, next.name]), (s) => wrap(select(f, `{ ${s} }`)));
      }
    }
  };
  walk(schema.getQueryType()!, new Set(['Query']), (s) => `{ ${s} }`);
  walk(schema.getMutationType()!, new Set(['Mutation']), (s) => `mutation { ${s} }`);
  return out;
}

describe('archive records, from the schema', () => {
  const paths = archivePaths();

  it('finds every field that returns an ArchiveRecord, whatever leads there', () => {
    const fields = new Set(paths.map((p) => p.coordinate));
    expect([...fields]).toEqual(expect.arrayContaining(['Enterprise.penalties', 'Enterprise.otherRecords', 'RatingIndicator.basis', 'SanctionCheck.basis']));
    for (const t of Object.values(schema.getTypeMap())) {
      if (t.name.startsWith('__') || (!isObjectType(t) && !isInterfaceType(t))) continue;
      for (const f of Object.values(t.getFields())) if (subjects.returnsArchive(f)) expect(fields).toContain(`${t.name}.${f.name}`);
    }
  });

  // As an operator, who may reach every one of them (a field withheld from the caller is not metered).
  it.each(paths.map((p) => [p.coordinate, p.query]))('meters %s reached by %s', (coordinate, query) => {
    const field = coordinate.split('.')[1]!;
    const a = meter(query, operator);
    const counted = a.probes.some((p) => p.subject.kind === 'archive' && p.records.some((r) => r[r.length - 1] === field)) ||
      a.looseRecords.some((r) => r[r.length - 1] === field);
    expect(counted).toBe(true);
  });
});
