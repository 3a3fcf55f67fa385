import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { insertArchive, type ArchiveInput } from './db/index.ts';
import {
  anonymous, archiveRows, enterpriseRow, FULL_ARCHIVE, institution, startTestSubgraph, uscc, type TestSubgraph,
} from './test-support.ts';

const N = 60;
let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph();
  const archive: Record<string, unknown[]> = { enterprises: [] };
  for (let n = 1; n <= N; n++) {
    archive.enterprises!.push(enterpriseRow(n, { legalRepPersonId: `person-${n}` }));
    for (const [table, rows] of Object.entries(archiveRows(uscc(n), `e${n}`))) (archive[table] ??= []).push(...rows);
  }
  await insertArchive(sg.db, archive as ArchiveInput);
});
afterAll(() => sg?.stop());

async function countStatements(principal: Principal, query: string, variables?: Record<string, unknown>) {
  sg.statements.length = 0;
  const { body } = await sg.query(principal, query, variables);
  expect(body.errors).toBeUndefined();
  return { body, statements: [...sg.statements] };
}

const page = (first: number) => `{ enterprises(first: ${first}) { edges { node { ${FULL_ARCHIVE} } } } }`;
const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { ${FULL_ARCHIVE} } } }`;
const reps = (count: number) => Array.from({ length: count }, (_, i) => ({ __typename: 'Enterprise', uscc: uscc(i + 1) }));

describe('batching: N enterprises cost one statement per loader', () => {
  it('a page of 50 with all 9 categories, otherRecords, overview and legal representative costs what a page of 5 costs', async () => {
    const five = await countStatements(anonymous, page(5));
    const fifty = await countStatements(anonymous, page(50));
    expect(fifty.statements).toHaveLength(five.statements.length);
    // The page itself, then one SELECT per list (red and black lists are two).
    expect(fifty.statements).toHaveLength(11);
    const edges = (fifty.body.data as { enterprises: { edges: { node: Record<string, unknown> }[] } }).enterprises.edges;
    expect(edges).toHaveLength(50);
    expect(edges[7]!.node).toMatchObject({
      licenses: [{ id: 'e8-lic', disclosure: 'PUBLISHED' }],
      otherRecords: [{ id: 'e8-oth', disclosure: 'PUBLISHED' }],
      legalRepresentative: { id: 'person-8' },
    });
  });

  it('a government caller (no SQL disclosure filter) costs the same', async () => {
    const { statements } = await countStatements(institution('GOVERNMENT'), page(50));
    expect(statements).toHaveLength(11);
  });

  it('_entities with 50 representations costs one statement for the entities', async () => {
    const { body, statements } = await countStatements(anonymous,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc name } } }', { r: reps(50) });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/FROM \S*[`"]Enterprise[`"] WHERE/);
    expect((body.data as { _entities: { uscc: string }[] })._entities.map((e) => e.uscc)).toEqual(reps(50).map((r) => r.uscc));
  });

  it('_entities with 50 representations and the whole archive costs what 5 cost', async () => {
    const five = await countStatements(anonymous, entities, { r: reps(5) });
    const fifty = await countStatements(anonymous, entities, { r: reps(50) });
    expect(five.statements).toHaveLength(11);
    expect(fifty.statements).toHaveLength(11);
  });

  it('asks for each enterprise once however many times a request names it', async () => {
    const { statements } = await countStatements(anonymous,
      'query($u: ID!) { a: enterprise(uscc: $u) { name } b: enterprise(uscc: $u) { name } }', { u: uscc(3) });
    expect(statements).toHaveLength(1);
  });
});
