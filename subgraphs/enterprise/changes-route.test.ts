/**
 * The change log's tail (`GET /changes`, lib/change-feed.ts): only the platform's services read it,
 * with a signature bound to the cursor they ask for; a follower hears of a commit while its long
 * poll is held, hands on every event once and in order, and offers a page again when its consumer
 * failed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALLER_HEADER, signCaller } from '../../lib/caller.ts';
import { changesTarget, END_OF_LOG, followChangeLog, serviceCaller, type ChangeEvent, type ChangesPage } from '../../lib/change-feed.ts';
import type { ChangeEventInput } from '../../lib/change-log.ts';
import { transaction } from '../../lib/db/client.ts';
import { createLogger } from '../../lib/logger.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { appendChangeEvents } from './db/change-log.ts';
import { enterpriseCaller, NOW, SECRET, startTestSubgraph, uscc, type TestSubgraph } from './test-support.ts';

const logger = createLogger({ name: 'change-feed-test', level: 'silent' });
const providers = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;

const event = (n: number): ChangeEventInput => ({
  type: 'RECORD_ADDED', subjectKind: 'LEGAL_PERSON', subject: uscc(n), category: 'PENALTIES',
  recordType: 'AdministrativePenalty', recordId: `cf-pen-${n}`, source: 'COLLECTION', detail: { n },
});

describe.each(providers)('the change log tail on %s', (provider) => {
  let pg: PostgresInstance | undefined;
  let sg: TestSubgraph;
  let base: string;
  const append = (...ns: number[]) => transaction(sg.db, (tx) => appendChangeEvents(tx, ns.map(event), NOW, provider));
  const get = async (target: string, header?: string) => {
    const res = await fetch(base + target, { headers: header ? { [CALLER_HEADER]: header } : {} });
    return { status: res.status, body: await res.json() as ChangesPage & { errors?: { extensions: { code: string } }[] } };
  };
  const signed = (target: string, caller = serviceCaller('test')) => signCaller(caller, target, SECRET);

  beforeAll(async () => {
    if (provider === 'postgresql') pg = await startPostgres();
    sg = await startTestSubgraph({ postgresUrl: await pg?.createDatabase('enterprise_changes') });
    base = sg.url.replace(/\/graphql$/, '');
  }, 120_000);
  afterAll(async () => {
    await sg?.stop();
    await pg?.stop();
  });

  it('answers a service with the events after its cursor, oldest first, with their detail', async () => {
    await append(1, 2, 3);
    const target = changesTarget({ after: 0, limit: 2, waitMs: 0 });
    const { status, body } = await get(target, signed(target));
    expect(status).toBe(200);
    expect(body.events.map((e) => [e.seq, e.recordId, e.detail])).toEqual([[1, 'cf-pen-1', { n: 1 }], [2, 'cf-pen-2', { n: 2 }]]);
    expect(body.last).toBe(2);
    expect(body.events[0]!.at).toBe(NOW.toISOString());
  });

  it('refuses a request without a signature, one signed for another cursor, and a caller that is not a service', async () => {
    const target = changesTarget({ after: 0, limit: 10, waitMs: 0 });
    expect((await get(target)).status).toBe(401);
    const other = changesTarget({ after: 1, limit: 10, waitMs: 0 });
    expect((await get(target, signed(other))).status).toBe(401);
    const asEnterprise = signCaller({ principal: enterpriseCaller(uscc(1)), purpose: null, requestId: 'r' }, target, SECRET);
    const refused = await get(target, asEnterprise);
    expect(refused.status).toBe(403);
    expect(refused.body.errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a limit or wait out of range with a coded error', async () => {
    for (const target of ['/changes?after=0&limit=0&wait=0', '/changes?after=0&limit=10&wait=99999', '/changes?after=-1']) {
      const { status, body } = await get(target, signed(target));
      expect(status).toBe(400);
      expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'CHANGES_PARAMS' });
    }
  });

  it('answers `after=end` at once with no events and the seq of the newest one, however long it may wait', async () => {
    await append(5);
    const all = changesTarget({ after: 0, limit: 1000, waitMs: 0 });
    const newest = (await get(all, signed(all))).body.last;
    const target = changesTarget({ after: END_OF_LOG, limit: 10, waitMs: 20_000 });
    const started = Date.now();
    const { status, body } = await get(target, signed(target));
    expect(status).toBe(200);
    expect(body).toEqual({ events: [], last: newest });
    // Bound: a held poll would take the whole 20 s; 5 s leaves room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a follower started at the end hands on no history, only what is committed after it started', async () => {
    await append(40, 41);
    const seen: string[] = [];
    const follower = followChangeLog({
      url: sg.url, callerSecret: SECRET, consumer: 'test', after: END_OF_LOG, logger, waitMs: 2_000,
      onEvents(events) { seen.push(...events.map((e) => e.recordId!)); },
    });
    try {
      await follower.caughtUp();
      expect(seen).toEqual([]);
      expect(typeof follower.cursor).toBe('number');
      await append(42);
      await follower.caughtUp();
      expect(seen).toEqual(['cf-pen-42']);
    } finally {
      await follower.stop();
    }
  });

  it('holds a long poll until an event is committed, then answers with it', async () => {
    const { last } = (await get(changesTarget({ after: 0, limit: 1000, waitMs: 0 }), signed(changesTarget({ after: 0, limit: 1000, waitMs: 0 })))).body;
    const target = changesTarget({ after: last, limit: 10, waitMs: 20_000 });
    const held = get(target, signed(target));
    await new Promise((r) => setTimeout(r, 300));
    await append(10);
    const started = Date.now();
    const { body } = await held;
    expect(body.events.map((e) => e.recordId)).toEqual(['cf-pen-10']);
    // Bound: the route looks every 200 ms; 5 s leaves room for a loaded machine, far below the 20 s wait.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a follower hands on every event once, in order, and offers a failed page again', async () => {
    const seen: number[] = [];
    let failOnce = true;
    const follower = followChangeLog({
      url: sg.url, callerSecret: SECRET, consumer: 'test', after: 0, logger, waitMs: 2_000, limit: 3,
      onEvents(events: ChangeEvent[]) {
        if (failOnce && events.some((e) => e.recordId === 'cf-pen-21')) {
          failOnce = false;
          throw new Error('consumer failed');
        }
        seen.push(...events.map((e) => e.seq));
      },
    });
    try {
      await append(20, 21, 22, 23, 24);
      await follower.caughtUp();
      const all = (await get(changesTarget({ after: 0, limit: 1000, waitMs: 0 }), signed(changesTarget({ after: 0, limit: 1000, waitMs: 0 })))).body.events.map((e) => e.seq);
      // The failed page was offered again whole: some seqs before cf-pen-21 in that page may come twice, none is missing.
      expect([...new Set(seen)]).toEqual(all);
      expect(follower.cursor).toBe(all.at(-1));
      expect(failOnce).toBe(false);
    } finally {
      await follower.stop();
    }
  });

  it('a follower waiting on a long poll hears of a new commit without being asked', async () => {
    const seen: string[] = [];
    const start = (await get(changesTarget({ after: 0, limit: 1000, waitMs: 0 }), signed(changesTarget({ after: 0, limit: 1000, waitMs: 0 })))).body.last;
    const follower = followChangeLog({
      url: sg.url, callerSecret: SECRET, consumer: 'test', after: start, logger, waitMs: 10_000,
      onEvents(events) { seen.push(...events.map((e) => e.recordId!)); },
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      await append(30);
      const deadline = Date.now() + 5_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual(['cf-pen-30']);
    } finally {
      await follower.stop();
    }
  });
});

describe('a follower whose source is down', () => {
  it('keeps trying without throwing, and stops when asked', async () => {
    const follower = followChangeLog({
      url: 'http://127.0.0.1:9/graphql', callerSecret: SECRET, consumer: 'test', after: 0, logger, onEvents() {},
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(follower.cursor).toBe(0);
    await follower.stop();
  });
});
