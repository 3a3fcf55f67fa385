import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backfillListChanges, insertArchive } from './db/index.ts';
import { decodeChangeCursor, encodeChangeCursor } from './list-changes.ts';
import {
  anonymous, archiveRows, enterpriseCaller, enterpriseRow, institution, mergeArchives, onlyError, operator,
  startTestSubgraph, uscc, type TestSubgraph,
} from './test-support.ts';

const partner = institution('PARTNER_CITY');
const CHANGES = `query($since: String, $first: Int) { listChanges(since: $since, first: $first) {
  edges { cursor node { change entryId subject listType listName status removedOn underObjection active } }
  pageInfo { hasNextPage endCursor } } }`;
type Page = { edges: { cursor: string; node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
const pageOf = (data: unknown) => (data as { listChanges: Page }).listChanges;

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph();
  await insertArchive(sg.db, mergeArchives(
    { enterprises: [enterpriseRow(1), enterpriseRow(2)] },
    { listEntries: archiveRows(uscc(1), 'a').listEntries },
    { listEntries: archiveRows(uscc(2), 'b').listEntries },
  ));
});
afterAll(() => sg?.stop());

describe('Query.listChanges', () => {
  it('lists the entries written so far as LISTED, oldest first, paged by cursor', async () => {
    const first = pageOf((await sg.query(partner, CHANGES, { first: 3 })).body.data);
    expect(first.edges.map((e) => e.node)).toEqual([
      { change: 'LISTED', entryId: 'a-red', subject: uscc(1), listType: 'RED', listName: '纳税信用A级纳税人', status: 'PUBLISHED', removedOn: null, underObjection: false, active: true },
      { change: 'LISTED', entryId: 'a-black', subject: uscc(1), listType: 'BLACK', listName: '失信被执行人', status: 'PUBLISHED', removedOn: null, underObjection: false, active: true },
      { change: 'LISTED', entryId: 'b-red', subject: uscc(2), listType: 'RED', listName: '纳税信用A级纳税人', status: 'PUBLISHED', removedOn: null, underObjection: false, active: true },
    ]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[2]!.cursor });
    const rest = pageOf((await sg.query(partner, CHANGES, { since: first.pageInfo.endCursor })).body.data);
    expect(rest.edges.map((e) => e.node.entryId)).toEqual(['b-black']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const none = pageOf((await sg.query(partner, CHANGES, { since: rest.pageInfo.endCursor })).body.data);
    expect(none).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: rest.pageInfo.endCursor } });
  });

  it('appends a change when an objection flags an entry and when a repair ends it', async () => {
    const start = pageOf((await sg.query(partner, CHANGES, {})).body.data).pageInfo.endCursor;
    const self = enterpriseCaller(uscc(1));
    const filed = await sg.query(self, 'mutation { fileObjection(recordId: "a-black", reason: "已履行") { id } }');
    expect(filed.body.errors).toBeUndefined();
    const applied = await sg.query(self, 'mutation { applyForRepair(recordId: "a-black", commitment: "已履行全部义务", evidence: ["执行结案通知书"]) { id } }');
    const id = (applied.body.data as { applyForRepair: { id: string } }).applyForRepair.id;
    await sg.query(operator, `mutation { decideRepair(id: "${id}", approve: true, note: "同意") { status } }`);
    const after = pageOf((await sg.query(partner, CHANGES, { since: start })).body.data);
    expect(after.edges.map((e) => e.node)).toEqual([
      { change: 'UPDATED', entryId: 'a-black', subject: uscc(1), listType: 'BLACK', listName: '失信被执行人', status: 'PUBLISHED', removedOn: null, underObjection: true, active: true },
      { change: 'REMOVED', entryId: 'a-black', subject: uscc(1), listType: 'BLACK', listName: '失信被执行人', status: 'REPAIRED', removedOn: '2025-06-15', underObjection: true, active: false },
    ]);
  });

  it('is for partner cities, government institutions and operators only', async () => {
    for (const by of [institution('GOVERNMENT'), operator]) expect((await sg.query(by, CHANGES, { first: 1 })).body.errors).toBeUndefined();
    for (const by of [anonymous, institution('FINANCIAL'), enterpriseCaller(uscc(1))]) {
      const { body } = await sg.query(by, CHANGES, {});
      expect(body.data).toEqual({ listChanges: null });
      expect(onlyError(body)).toMatchObject({ path: ['listChanges'], code: 'FORBIDDEN' });
    }
  });

  it('refuses a cursor it did not make and a page over 1,000', async () => {
    expect(onlyError((await sg.query(partner, CHANGES, { since: 'bm9wZQ' })).body)).toMatchObject({ reason: 'CURSOR_INVALID' });
    expect(onlyError((await sg.query(partner, CHANGES, { first: 1001 })).body)).toMatchObject({ reason: 'FIRST_TOO_LARGE' });
  });

  it('backfills LISTED once for entries a bulk load wrote around the log', async () => {
    const start = pageOf((await sg.query(partner, CHANGES, {})).body.data).pageInfo.endCursor;
    await sg.db.prisma.listEntry.createMany({ data: archiveRows(uscc(2), 'bulk').listEntries });
    expect(await backfillListChanges(sg.db)).toBe(2);
    expect(await backfillListChanges(sg.db)).toBe(0);
    const after = pageOf((await sg.query(partner, CHANGES, { since: start })).body.data);
    expect(after.edges.map((e) => [e.node.change, e.node.entryId])).toEqual([['LISTED', 'bulk-black'], ['LISTED', 'bulk-red']]);
  });

  it('keeps its cursors opaque but round-trippable', () => {
    expect(decodeChangeCursor(encodeChangeCursor(42))).toBe(42);
  });
});
