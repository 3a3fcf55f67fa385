/**
 * The same subgraph over PostgreSQL (skipped where no PostgreSQL binaries are installed): the
 * disclosure filter, the record order, paging and batching behave as on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { insertArchive, type ArchiveInput } from './db/index.ts';
import {
  anonymous, archiveRows, enterpriseCaller, enterpriseRow, FULL_ARCHIVE, institution, startTestSubgraph, TODAY, uscc,
  type TestSubgraph,
} from './test-support.ts';

const maybe = postgresAvailable() ? describe : describe.skip;

maybe('on PostgreSQL', () => {
  let pg: PostgresInstance;
  let sg: TestSubgraph;

  beforeAll(async () => {
    pg = await startPostgres();
    sg = await startTestSubgraph({ postgresUrl: await pg.createDatabase('enterprise_test') });
    const archive: Record<string, unknown[]> = { enterprises: [] };
    for (let n = 1; n <= 50; n++) {
      archive.enterprises!.push(enterpriseRow(n, { name: `企业${String(n).padStart(2, '0')}`, legalRepPersonId: `person-${n}` }));
      for (const [table, rows] of Object.entries(archiveRows(uscc(n), `e${n}`))) (archive[table] ??= []).push(...rows);
    }
    // Enterprise 1 also has an expired penalty, a repaired one and an undated one.
    archive.penalties!.push(
      { ...archiveRows(uscc(1), 'x', { publicityEndDate: '2025-06-14' }).penalties[0] },
      { ...archiveRows(uscc(1), 'y', { status: 'REPAIRED' }).penalties[0] },
      { ...archiveRows(uscc(1), 'z', { decisionDate: null, publicityEndDate: TODAY }).penalties[0] },
    );
    await insertArchive(sg.db, archive as ArchiveInput);
  }, 120_000);
  afterAll(async () => {
    await sg?.stop();
    await pg?.stop();
  });

  const penalties = 'query($u: ID!) { enterprise(uscc: $u) { penalties { id disclosure } } }';

  it('hides expired and repaired records from the public, newest first and undated last', async () => {
    const { body } = await sg.query(anonymous, penalties, { u: uscc(1) });
    expect(body).toEqual({ data: { enterprise: { penalties: [{ id: 'e1-pen', disclosure: 'PUBLISHED' }, { id: 'z-pen', disclosure: 'PUBLISHED' }] } } });
  });

  it('shows them to the enterprise itself and to government, marked', async () => {
    const all = { data: { enterprise: { penalties: [
      { id: 'e1-pen', disclosure: 'PUBLISHED' }, { id: 'x-pen', disclosure: 'EXPIRED' },
      { id: 'y-pen', disclosure: 'REPAIRED' }, { id: 'z-pen', disclosure: 'PUBLISHED' },
    ] } } };
    expect((await sg.query(enterpriseCaller(uscc(1)), penalties, { u: uscc(1) })).body).toEqual(all);
    expect((await sg.query(institution('GOVERNMENT'), penalties, { u: uscc(1) })).body).toEqual(all);
  });

  it('costs the same statements for a page of 50 with the whole archive as for 5', async () => {
    const count = async (first: number) => {
      sg.statements.length = 0;
      const { body } = await sg.query(anonymous, `{ enterprises(first: ${first}) { edges { node { ${FULL_ARCHIVE} } } } }`);
      expect(body.errors).toBeUndefined();
      return sg.statements.length;
    };
    expect([await count(5), await count(50)]).toEqual([11, 11]);
  });

  it('pages in (name, uscc) order with cursors and filters by region', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const { body } = await sg.query(anonymous, `query($after: String) { enterprises(first: 7, after: $after, filter: { regionCode: "440306", name: "企业" }) {
        edges { node { name } } pageInfo { hasNextPage endCursor } } }`, { after });
      const page = (body.data as { enterprises: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }).enterprises;
      seen.push(...page.edges.map((e) => e.node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => `企业${String(i + 1).padStart(2, '0')}`));
  });
});
