/**
 * The same subgraph over PostgreSQL (skipped where no PostgreSQL binaries are installed): the
 * disclosure filter, the record order, paging and batching behave as on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { backfillListChanges, insertArchive, type ArchiveInput } from './db/index.ts';
import {
  anonymous, archiveRows, enterpriseCaller, enterpriseRow, FULL_ARCHIVE, institution, onlyError, operator, sourceDepartment, startTestSubgraph,
  TODAY, uscc, type TestSubgraph,
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

  describe('credit workflows', () => {
    const gov = institution('GOVERNMENT');
    const CHECK = 'query($s: [ID!]!) { checkSanctions(subjects: $s, matterCode: "GOV_SUBSIDY") { subject decision measures { code } basis { id } } }';

    it('checks 1,000 subjects with the same statements as 1, one of them for the list entries', async () => {
      const subjects = Array.from({ length: 1000 }, (_, i) => uscc(1000 - i));
      const run = async (s: string[]) => {
        sg.statements.length = 0;
        const { body } = await sg.query(gov, CHECK, { s });
        expect(body.errors).toBeUndefined();
        return { results: (body.data as { checkSanctions: { subject: string; decision: string; basis: { id: string }[] }[] }).checkSanctions, statements: [...sg.statements] };
      };
      const one = await run([uscc(7)]);
      const many = await run(subjects);
      expect(many.statements).toHaveLength(one.statements.length);
      expect(many.statements.filter((q) => /"ListEntry"/.test(q))).toHaveLength(1);
      expect(one.results).toEqual([{ subject: uscc(7), decision: 'RESTRICTED', measures: [{ code: 'R_SUBSIDY' }], basis: [{ id: 'e7-black' }] }]);
      expect(many.results.map((r) => r.subject)).toEqual(subjects);
      expect(many.results.map((r) => r.decision)).toEqual(subjects.map((_, i) => (1000 - i <= 50 ? 'RESTRICTED' : 'NONE')));
    });

    it('walks an objection from filing to withdrawal', async () => {
      const self = enterpriseCaller(uscc(2));
      const filed = await sg.query(self, 'mutation { fileObjection(recordId: "e2-pen", reason: "处罚已撤销") { id status checkDueOn } }');
      const { id, ...rest } = (filed.body.data as { fileObjection: { id: string; status: string; checkDueOn: string } }).fileObjection;
      expect(rest).toEqual({ status: 'FILED', checkDueOn: '2025-06-16' });
      expect(onlyError((await sg.query(self, 'mutation { fileObjection(recordId: "e2-pen", reason: "again") { id } }')).body)).toMatchObject({ reason: 'OBJECTION_OPEN' });
      await sg.query(operator, `mutation { routeObjection(id: "${id}") { status } }`);
      const decided = await sg.query(operator, `mutation { decideObjection(id: "${id}", decision: UPHELD, note: "撤销") { status steps { action } } }`);
      expect(decided.body).toEqual({ data: { decideObjection: { status: 'UPHELD', steps: [{ action: 'FILED' }, { action: 'ROUTED' }, { action: 'UPHELD' }] } } });
      const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { penalties { id } } }', { u: uscc(2) });
      expect(body).toEqual({ data: { enterprise: { penalties: [] } } });
    });

    it('lets exactly one of concurrent objections against one record through', async () => {
      const self = enterpriseCaller(uscc(4));
      const results = await Promise.all(Array.from({ length: 6 }, () =>
        sg.query(self, 'mutation { fileObjection(recordId: "e4-lic", reason: "有误") { status } }')));
      const outcomes = results.map((r) => r.body.errors?.[0]?.extensions?.reason ?? (r.body.data as { fileObjection: { status: string } }).fileObjection.status);
      expect(outcomes.sort()).toEqual(['FILED', 'OBJECTION_OPEN', 'OBJECTION_OPEN', 'OBJECTION_OPEN', 'OBJECTION_OPEN', 'OBJECTION_OPEN']);
    });

    it('numbers concurrent list changes in the change log without gaps or repeats', async () => {
      const before = await sg.db.prisma.changeEventSequence.findUnique({ where: { id: 1 } });
      await Promise.all(Array.from({ length: 10 }, (_, i) => sg.query(enterpriseCaller(uscc(20 + i)),
        `mutation { fileObjection(recordId: "e${20 + i}-red", reason: "有误") { status } }`)));
      const events = await sg.db.prisma.changeEvent.findMany({ where: { seq: { gt: before!.value } }, orderBy: { seq: 'asc' } });
      // Each filing appends two events (OBJECTION_FLAGGED and the entry's LIST_ENTRY_UPDATED for the list feed).
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => before!.value + 1 + i));
      const listed = events.filter((e) => e.type === 'LIST_ENTRY_UPDATED');
      expect(new Set(listed.map((e) => e.recordId)).size).toBe(10);
    });

    it('backfills the change log for entries written around it', async () => {
      expect(await backfillListChanges(sg.db)).toBe(0);
      await sg.db.prisma.listEntry.createMany({ data: [{ ...archiveRows(uscc(60), 'bulk').listEntries[0]! }] });
      expect(await backfillListChanges(sg.db)).toBe(1);
    });

    it('repairs a black-list entry: sanctions stop and partner cities that held it see its removal', async () => {
      const FEED = 'query($s: String) { listChanges(since: $s, first: 1000) { edges { node { change entryId active } } pageInfo { endCursor } } }';
      type Feed = { listChanges: { edges: { node: { change: string; entryId: string; active: boolean } }[]; pageInfo: { endCursor: string } } };
      const held = (await sg.query(institution('PARTNER_CITY'), FEED)).body.data as Feed;
      expect(held.listChanges.edges).toHaveLength(100 + 10 + 1);
      const self = enterpriseCaller(uscc(3));
      const applied = await sg.query(self, 'mutation { applyForRepair(recordId: "e3-black", commitment: "已履行", evidence: ["结案通知书"]) { id } }');
      const id = (applied.body.data as { applyForRepair: { id: string } }).applyForRepair.id;
      await sg.query(sourceDepartment(), `mutation { decideRepair(id: "${id}", approve: true, note: "同意") { status } }`);
      const { body } = await sg.query(gov, CHECK, { s: [uscc(3)] });
      expect(body).toEqual({ data: { checkSanctions: [{ subject: uscc(3), decision: 'INCENTIVE', measures: [{ code: 'I_PRIORITY' }], basis: [{ id: 'e3-red' }] }] } });
      const changes = (await sg.query(institution('PARTNER_CITY'), FEED, { s: held.listChanges.pageInfo.endCursor })).body.data as Feed;
      expect(changes.listChanges.edges).toEqual([{ node: { change: 'REMOVED', entryId: 'e3-black', active: false } }]);
    });
  });
});
