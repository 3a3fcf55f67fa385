/**
 * The grade tracker (grades.ts), on SQLite and (where installed) PostgreSQL: a grade that moves is
 * logged RATING_CHANGED once with where it moved from and to; a subject first seen and a score that
 * moves within its grade are not; two trackers on one database log it once; the subgraph's process
 * runs it when RATING_TRACKER_MS asks; and a bank watching the enterprise gets it in `changes`
 * through the platform's matcher.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { loadCatalogue } from '../../lib/catalogue/index.ts';
import type { ChangeEventInput } from '../../lib/change-log.ts';
import { transaction } from '../../lib/db/client.ts';
import type { RunningSubgraph } from '../../lib/subgraph.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { freshDatabase, startTestSubgraph as startShared, type FreshDatabase, type TestSubgraph as SharedTestSubgraph } from '../../tests/support/subgraph.ts';
import type { Db as PlatformDb } from '../platform/db/client.ts';
import { createInstitution } from '../platform/db/institutions.ts';
import { startSubgraph as startPlatform } from '../platform/main.ts';
import { matchEvents } from '../platform/monitoring/matcher.ts';
import { toChangeEvent } from './changes-route.ts';
import { appendChangeEvents, findChangeEvents } from './db/change-log.ts';
import { openEnterpriseDb, type Db } from './db/client.ts';
import { trackGrades } from './grades.ts';
import { archiveRows, enterpriseRow, NOW, startTestSubgraph, uscc, type TestSubgraph } from './test-support.ts';

const providers = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;
const BANK: Principal = { kind: 'INSTITUTION', institutionId: 'inst-bank', institutionKind: 'FINANCIAL', institutionName: 'bank', scopes: [] };

describe.each(providers)('rating grade changes on %s', (provider) => {
  let pg: PostgresInstance | undefined;
  let database: FreshDatabase;
  let db: Db;
  let second: Db;
  let n = 0;

  /** Collects a penalty of `severity` for `subject` with its RECORD_ADDED event, as collection does. */
  const collectPenalty = (subject: string, severity: 'MINOR' | 'GENERAL' | 'SERIOUS', on: Db = db) => transaction(on, async (tx) => {
    const row = { ...archiveRows(subject, `grade-${++n}`).penalties[0]!, severity };
    await tx.prisma.administrativePenalty.create({ data: row });
    const event: ChangeEventInput = {
      type: 'RECORD_ADDED', subjectKind: 'LEGAL_PERSON', subject, category: 'PENALTIES', recordType: 'AdministrativePenalty',
      recordId: row.id, source: 'COLLECTION',
    };
    await appendChangeEvents(tx, [event], NOW, provider);
  });
  const addEnterprise = (k: number, on: Db = db) => transaction(on, async (tx) => {
    await tx.prisma.enterprise.create({ data: enterpriseRow(k) });
    await appendChangeEvents(tx, [{
      type: 'SUBJECT_ADDED', subjectKind: 'LEGAL_PERSON', subject: uscc(k), category: 'OVERVIEW', recordType: 'Enterprise', recordId: uscc(k), source: 'COLLECTION',
    }], NOW, provider);
  });
  const round = (on: Db = db) => trackGrades(on, { now: NOW, provider, catalogue: loadCatalogue() });
  const ratingEvents = async (on: Db = db) => (await findChangeEvents(on, 0, 10_000)).filter((e) => e.type === 'RATING_CHANGED');

  beforeAll(async () => {
    if (provider === 'postgresql') pg = await startPostgres();
    database = await freshDatabase('enterprise', { postgresUrl: await pg?.createDatabase('enterprise_grades') });
    db = await openEnterpriseDb(provider, database.url);
    // A second process's connection to the same database.
    second = await openEnterpriseDb(provider, database.url);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await second?.close();
    database?.remove();
    await pg?.stop();
  });

  it('records a subject it sees for the first time without an event', async () => {
    await addEnterprise(1);
    expect(await round()).toEqual({ events: 1, rated: 1, changed: 0, dropped: false });
    expect(await db.prisma.subjectGrade.findUnique({ where: { uscc: uscc(1) } })).toMatchObject({ grade: 'B2', score: 65 });
    expect(await ratingEvents()).toEqual([]);
  });

  it('logs exactly one RATING_CHANGED, from and to, when a serious penalty moves the grade', async () => {
    await collectPenalty(uscc(1), 'SERIOUS');
    expect(await round()).toMatchObject({ rated: 1, changed: 1 });
    // The next round reads only the tracker's own event and rates nobody.
    expect(await round()).toEqual({ events: 1, rated: 0, changed: 0, dropped: false });
    expect(await round()).toEqual({ events: 0, rated: 0, changed: 0, dropped: false });
    const events = await ratingEvents();
    expect(events.map((e) => [e.subject, e.subjectKind, e.source, JSON.parse(e.detail!)])).toEqual([
      [uscc(1), 'LEGAL_PERSON', 'RATING', { from: 'B2', to: 'C', score: 55, previousScore: 65 }],
    ]);
    expect(await db.prisma.subjectGrade.findUnique({ where: { uscc: uscc(1) } })).toMatchObject({ grade: 'C', score: 55 });
  });

  it('logs nothing when the score moves within the grade, and remembers the new score', async () => {
    await collectPenalty(uscc(1), 'MINOR');
    expect(await round()).toMatchObject({ rated: 1, changed: 0 });
    expect(await ratingEvents()).toHaveLength(1);
    expect(await db.prisma.subjectGrade.findUnique({ where: { uscc: uscc(1) } })).toMatchObject({ grade: 'C', score: 53 });
  });

  it('logs a change once when two trackers run the same round concurrently', async () => {
    await collectPenalty(uscc(1), 'SERIOUS');
    const rounds = await Promise.all([round(db), round(second)]);
    expect(rounds.reduce((sum, r) => sum + r.changed, 0)).toBe(1);
    const events = await ratingEvents();
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]!.detail!)).toEqual({ from: 'C', to: 'D', score: 43, previousScore: 53 });
    // Whichever lost either waited and dropped its round or came after and found nothing new to rate.
    expect(await round(second)).toMatchObject({ changed: 0 });
    expect(await ratingEvents()).toHaveLength(2);
  });

  it('reaches a bank watching the enterprise through the platform matcher, detail and all', async () => {
    const platform = await startShared({
      subgraph: 'platform', start: startPlatform as never, secret: 'grades-test-secret-0123456789abcdef',
      postgresUrl: await pg?.createDatabase('platform_grades'),
    }) as SharedTestSubgraph<RunningSubgraph<PlatformDb>>;
    try {
      await createInstitution(platform.db, { id: 'inst-bank', name: 'bank', kind: 'FINANCIAL' });
      const watched = await platform.query('mutation($s: [ID!]!) { watch(subjects: $s, events: [RATING_CHANGED]) { total } }', { s: [uscc(1)] }, BANK);
      expect(watched.body.errors).toBeUndefined();
      // The ratings were logged at NOW, before this watch began: the bank as if watching since then
      // (a watch hears only of changes recorded once it began: monitoring/matcher.ts watchCovers).
      await platform.db.prisma.watch.updateMany({ data: { createdAt: NOW } });
      const log = (await findChangeEvents(db, 0, 10_000)).map(toChangeEvent);
      await matchEvents(platform.db, log, new Date(), 60_000);
      const feed = await platform.query('{ changes(first: 100) { events { type subject recordId category detail } } }', {}, BANK);
      expect(feed.body.errors).toBeUndefined();
      const events = (feed.body.data!.changes as { events: { type: string; subject: string; detail: string }[] }).events;
      expect(events.map((e) => [e.type, e.subject, JSON.parse(e.detail)])).toEqual([
        ['RATING_CHANGED', uscc(1), { from: 'B2', to: 'C', score: 55, previousScore: 65 }],
        ['RATING_CHANGED', uscc(1), { from: 'C', to: 'D', score: 43, previousScore: 53 }],
      ]);
    } finally {
      await platform.close();
    }
  }, 60_000);
});

describe('the grade tracker in the subgraph process', () => {
  let sg: TestSubgraph;
  beforeAll(async () => {
    sg = await startTestSubgraph({ env: { RATING_TRACKER_MS: '100' } });
  }, 60_000);
  afterAll(async () => {
    await sg?.stop();
  });

  it('runs when RATING_TRACKER_MS asks, and logs a grade the collection moved', async () => {
    const subject = uscc(7);
    await transaction(sg.db, async (tx) => {
      await tx.prisma.enterprise.create({ data: enterpriseRow(7) });
      await tx.prisma.subjectGrade.create({ data: { uscc: subject, grade: 'B2', score: 65, ratedAt: NOW } });
      await tx.prisma.administrativePenalty.create({ data: { ...archiveRows(subject, 'bg').penalties[0]!, severity: 'SERIOUS' } });
      await appendChangeEvents(tx, [{
        type: 'RECORD_ADDED', subjectKind: 'LEGAL_PERSON', subject, category: 'PENALTIES', recordType: 'AdministrativePenalty', recordId: 'bg-pen', source: 'COLLECTION',
      }], NOW, 'sqlite');
    });
    // Polled every 100 ms: 10 s is generous on a loaded 2-core machine.
    const deadline = Date.now() + 10_000;
    let found: { detail: string | null }[] = [];
    while (found.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      found = (await findChangeEvents(sg.db, 0, 100)).filter((e) => e.type === 'RATING_CHANGED');
    }
    expect(found.map((e) => JSON.parse(e.detail!))).toEqual([{ from: 'B2', to: 'C', score: 55, previousScore: 65 }]);
  });
});
