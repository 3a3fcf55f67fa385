import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { backfillListChanges, insertArchive } from './db/index.ts';
import { appendExpiryRemovals } from './db/list-changes.ts';
import { decodeChangeCursor, encodeChangeCursor } from './list-changes.ts';
import {
  anonymous, archiveRows, enterpriseCaller, enterpriseRow, institution, mergeArchives, movableClock, onlyError, operator, sourceDepartment,
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

  it('appends a change when an objection flags an entry and when a repair ends it; a partner city that held the entry sees only the removal', async () => {
    const start = pageOf((await sg.query(partner, CHANGES, {})).body.data).pageInfo.endCursor;
    const self = enterpriseCaller(uscc(1));
    const filed = await sg.query(self, 'mutation { fileObjection(recordId: "a-black", reason: "已履行") { id } }');
    expect(filed.body.errors).toBeUndefined();
    const applied = await sg.query(self, 'mutation { applyForRepair(recordId: "a-black", commitment: "已履行全部义务", evidence: ["执行结案通知书"]) { id } }');
    const id = (applied.body.data as { applyForRepair: { id: string } }).applyForRepair.id;
    await sg.query(sourceDepartment(), `mutation { decideRepair(id: "${id}", approve: true, note: "同意") { status } }`);
    const updated = { change: 'UPDATED', entryId: 'a-black', subject: uscc(1), listType: 'BLACK', listName: '失信被执行人', status: 'PUBLISHED', removedOn: null, underObjection: true, active: true };
    const removed = { change: 'REMOVED', entryId: 'a-black', subject: uscc(1), listType: 'BLACK', listName: '失信被执行人', status: 'REPAIRED', removedOn: '2025-06-15', underObjection: true, active: false };
    const government = pageOf((await sg.query(institution('GOVERNMENT'), CHANGES, { since: start })).body.data);
    expect(government.edges.map((e) => e.node)).toEqual([updated, removed]);
    // The archive withholds a repaired entry from a partner city: the feed gives no more than its end.
    const after = pageOf((await sg.query(partner, CHANGES, { since: start })).body.data);
    expect(after.edges.map((e) => e.node)).toEqual([removed]);
    expect(after.edges[0]!.cursor).toBe(government.edges[1]!.cursor);
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
    // A cursor of the feed's former table counts another sequence: refused, not misread.
    const former = Buffer.from('lc:12', 'utf8').toString('base64url');
    expect(onlyError((await sg.query(partner, CHANGES, { since: former })).body)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CURSOR_OUTDATED' });
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

describe('Query.listChanges tells a partner city no more than the archive does', () => {
  const clock = movableClock('2025-06-15T10:00:00+08:00');
  let feed: TestSubgraph;
  const read = async (by: Principal, since?: string, first = 100) => pageOf((await feed.query(by, CHANGES, { since, first })).body.data);
  const entry = (id: string, over: Record<string, unknown>) => ({ ...archiveRows(uscc(3), id).listEntries[1]!, id, ...over });
  const nodesOf = (page: Page) => page.edges.map((e) => [e.node.change, e.node.entryId, e.node.status]);

  beforeAll(async () => {
    feed = await startTestSubgraph({ now: clock.now });
    await insertArchive(feed.db, { enterprises: [enterpriseRow(3)] });
    // A bulk load of entries already ended, logged LISTED by the backfill as the demo seed is.
    await feed.db.prisma.listEntry.createMany({ data: [
      entry('old-repaired', { status: 'REPAIRED', removedOn: '2025-01-10' }),
      entry('old-expired', { publicityEndDate: '2025-03-01' }),
      entry('old-withdrawn', { status: 'WITHDRAWN' }),
    ] });
    await backfillListChanges(feed.db, clock.now());
    await insertArchive(feed.db, { listEntries: [entry('ends-soon', { publicityEndDate: '2025-06-20' }), entry('stays', {})] }, clock.now());
  });
  afterAll(() => feed?.stop());

  it('shows a partner city starting afresh nothing of entries repaired, withdrawn or past publicity, and government all of them', async () => {
    expect(nodesOf(await read(partner))).toEqual([['LISTED', 'ends-soon', 'PUBLISHED'], ['LISTED', 'stays', 'PUBLISHED']]);
    expect(nodesOf(await read(institution('GOVERNMENT')))).toEqual([
      ['LISTED', 'old-expired', 'EXPIRED'], ['LISTED', 'old-repaired', 'REPAIRED'], ['LISTED', 'old-withdrawn', 'WITHDRAWN'],
      ['LISTED', 'ends-soon', 'PUBLISHED'], ['LISTED', 'stays', 'PUBLISHED'],
      // The first read of the day logged the publicity end the bulk load's entry had already passed.
      ['REMOVED', 'old-expired', 'EXPIRED'],
    ]);
  });

  it('logs the end of a publicity period as a removal on the first read after it, once, for whoever holds the entry', async () => {
    const held = await read(partner);
    try {
      clock.set('2025-06-21T09:00:00+08:00');
      const next = await read(partner, held.pageInfo.endCursor);
      expect(next.edges.map((e) => e.node)).toEqual([{
        change: 'REMOVED', entryId: 'ends-soon', subject: uscc(3), listType: 'BLACK', listName: '失信被执行人', status: 'EXPIRED',
        removedOn: null, underObjection: false, active: false,
      }]);
      expect(await read(partner, held.pageInfo.endCursor)).toEqual(next);
      expect(await appendExpiryRemovals(feed.db, '2025-06-21', clock.now())).toBe(0);
      // A partner city starting afresh now is told nothing of it; the archive withholds it too.
      expect(nodesOf(await read(partner))).toEqual([['LISTED', 'stays', 'PUBLISHED']]);
      const archive = await feed.query(partner, `{ enterprise(uscc: "${uscc(3)}") { blackList { id } } }`);
      expect(archive.body.data).toEqual({ enterprise: { blackList: [{ id: 'stays' }] } });
    } finally {
      clock.set('2025-06-15T10:00:00+08:00');
    }
  });

  it('fills a page past the changes it withholds, and its cursor passes them', async () => {
    const page = await read(partner, undefined, 1);
    expect(nodesOf(page)).toEqual([['LISTED', 'ends-soon', 'PUBLISHED']]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[0]!.cursor });
    expect(decodeChangeCursor(page.edges[0]!.cursor)).toBe(4); // after the three withheld ones
    const none = await read(partner, undefined, 0);
    expect(none).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: encodeChangeCursor(0) } });
  });
});
