/**
 * The access log: every disclosure is durably logged before the data leaves, with group commit
 * across concurrent requests, and a failed write withholds the data.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { AccessLogWriter, type AccessLog } from './access-log.ts';
import { insertAccessLogEntries, type AccessLogEntryRow } from './db/access-log.ts';
import { openPersonDb, type Db } from './db/client.ts';
import { loadPersonConfig } from './config.ts';
import { startSubgraph, subgraph } from './main.ts';
import {
  caller, errorCodes, freshDatabase, gql, insertConsent, insertPerson,
  insertRecords, institution, personPrincipal, silentLogger, testEnv, type FixturePerson,
} from './test-support.ts';

const NOW = new Date('2025-06-15T04:00:00Z');

function entry(n: number): AccessLogEntryRow {
  return {
    id: `e-${n}`, at: NOW, personId: 'p', accessorKind: 'PERSON', institutionId: null, institutionName: null,
    accessorPersonId: 'p', categories: 'PENALTIES', purpose: null, consentId: null, basis: 'SELF', requestId: `r-${n}`,
  };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('AccessLogWriter', () => {
  it('writes appends from the same moment in one transaction', async () => {
    const batches: number[] = [];
    const writer = new AccessLogWriter({ sink: async (e) => { batches.push(e.length); }, maxDelayMs: 5 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => writer.append([entry(i)])));
    expect(batches).toEqual([10]);
    expect(writer.stats).toEqual({ flushes: 1, committed: 10, failures: 0 });
  });

  it('resolves a caller only once the transaction holding its entries committed', async () => {
    const commit = deferred();
    const writer = new AccessLogWriter({ sink: () => commit.promise, maxDelayMs: 0 });
    let done = false;
    const appended = writer.append([entry(1)]).then(() => { done = true; });
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    commit.resolve();
    await appended;
    expect(done).toBe(true);
  });

  it('writes at once when maxBatch entries are queued, without waiting for the delay', async () => {
    const batches: number[] = [];
    const writer = new AccessLogWriter({ sink: async (e) => { batches.push(e.length); }, maxBatch: 3, maxDelayMs: 60_000 });
    await Promise.all([writer.append([entry(1), entry(2)]), writer.append([entry(3)])]);
    expect(batches).toEqual([3]);
  });

  it('holds entries that arrive during a commit for the next transaction', async () => {
    const first = deferred();
    const batches: string[][] = [];
    const writer = new AccessLogWriter({
      sink: async (e) => { batches.push(e.map((x) => x.id)); if (batches.length === 1) await first.promise; },
      maxDelayMs: 0,
    });
    const a = writer.append([entry(1)]);
    await new Promise((r) => setTimeout(r, 5));
    const rest = [writer.append([entry(2)]), writer.append([entry(3)]), writer.append([entry(4)])];
    await tick();
    expect(batches).toEqual([['e-1']]); // one transaction in flight at a time
    first.resolve();
    await Promise.all([a, ...rest]);
    expect(batches).toEqual([['e-1'], ['e-2', 'e-3', 'e-4']]);
  });

  it('rejects every caller of a failed transaction and goes on writing later ones', async () => {
    let fail = true;
    const committed: string[] = [];
    const writer = new AccessLogWriter({
      sink: async (e) => { if (fail) throw new Error('disk full'); committed.push(...e.map((x) => x.id)); },
      maxDelayMs: 1,
    });
    const results = await Promise.allSettled([writer.append([entry(1)]), writer.append([entry(2)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('access log write failed');
    fail = false;
    await writer.append([entry(3)]);
    expect(committed).toEqual(['e-3']);
    expect(writer.stats).toEqual({ flushes: 2, committed: 1, failures: 1 });
  });

  it('writes what is queued on close and refuses appends afterwards', async () => {
    const committed: string[] = [];
    const writer = new AccessLogWriter({ sink: async (e) => { committed.push(...e.map((x) => x.id)); }, maxDelayMs: 60_000 });
    const pending = writer.append([entry(1)]);
    await writer.close();
    await pending;
    expect(committed).toEqual(['e-1']);
    await expect(writer.append([entry(2)])).rejects.toThrow('access log writer is closed');
  });

  it('says what it expected of a bad option', () => {
    expect(() => new AccessLogWriter({ sink: undefined as never })).toThrow('AccessLogWriter: sink must be a function; got undefined');
    expect(() => new AccessLogWriter({ sink: async () => {}, maxBatch: 0 })).toThrow('maxBatch must be a positive integer; got 0');
    expect(() => new AccessLogWriter({ sink: async () => {}, maxDelayMs: -1 })).toThrow('maxDelayMs must be a number >= 0; got -1');
  });
});

describe('access log of disclosures', () => {
  let server: Awaited<ReturnType<typeof startSubgraph>>;
  let removeDb: () => void;
  let alice: FixturePerson;
  let consentId: string;

  beforeAll(async () => {
    const database = await freshDatabase();
    removeDb = database.remove;
    server = await startSubgraph(testEnv(database.url), { port: 0, logger: silentLogger, now: () => NOW });
    alice = await insertPerson(server.db, '欧阳娜娜');
    await insertRecords(server.db, alice.id, 'alice');
    consentId = await insertConsent(server.db, {
      personId: alice.id, institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES', 'HONORS'],
      grantedAt: new Date('2025-06-01T00:00:00Z'), expiresAt: new Date('2025-12-01T00:00:00Z'),
    });
  });

  afterAll(async () => {
    await server?.close();
    removeDb?.();
  });

  const Q = 'query ($n: String!) { person(idNumber: $n) { name penalties { id } honors { id } integrity { score } } }';
  const entriesOf = (requestId: string) => server.db.prisma.accessLogEntry.findMany({ where: { requestId } });

  it('records a consented disclosure with the institution, the consent and the categories it saw', async () => {
    const who = caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN');
    const res = await gql(server.url, who, Q, { n: alice.idNumber });
    expect(errorCodes(res)).toEqual([['person.integrity', 'FORBIDDEN']]);
    expect(await entriesOf(who.requestId)).toEqual([{
      id: expect.any(String), at: NOW, personId: alice.id, accessorKind: 'INSTITUTION', institutionId: 'bank',
      institutionName: 'bank name', accessorPersonId: null, categories: 'IDENTITY,PENALTIES,HONORS',
      purpose: 'CREDIT_EASY_LOAN', consentId, basis: 'CONSENT', requestId: who.requestId,
    }]);
  });

  it('records a statutory disclosure to a government institution without a consent', async () => {
    const who = caller(institution('gov', 'GOVERNMENT', ['person:penalties']), 'CREDIT_CHECK');
    await gql(server.url, who, Q, { n: alice.idNumber });
    expect(await entriesOf(who.requestId)).toEqual([expect.objectContaining({
      accessorKind: 'INSTITUTION', institutionId: 'gov', categories: 'IDENTITY,PENALTIES', consentId: null,
      basis: 'STATUTORY_SCOPE', purpose: 'CREDIT_CHECK',
    })]);
  });

  it('records the person reading their own data as SELF', async () => {
    const who = caller(personPrincipal(alice.id));
    await gql(server.url, who, 'query ($n: String!) { person(idNumber: $n) { idNumber integrity { score } } }', { n: alice.idNumber });
    expect(await entriesOf(who.requestId)).toEqual([expect.objectContaining({
      accessorKind: 'PERSON', accessorPersonId: alice.id, institutionId: null, categories: 'IDENTITY,INTEGRITY',
      basis: 'SELF', consentId: null, purpose: null,
    })]);
  });

  it('records nothing when only masked data was shown or everything was withheld', async () => {
    const masked = caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN');
    await gql(server.url, masked, 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber integrity { score } } } }', {
      r: [{ __typename: 'Person', id: alice.id }],
    });
    const denied = caller(institution('bank', 'FINANCIAL'), 'RENTAL');
    await gql(server.url, denied, Q, { n: alice.idNumber });
    expect(await entriesOf(masked.requestId)).toEqual([]);
    expect(await entriesOf(denied.requestId)).toEqual([]);
  });

  it('syncs every commit: WAL with synchronous=FULL', async () => {
    const [mode] = await server.db.prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [sync] = await server.db.prisma.$queryRawUnsafe<{ synchronous: bigint | number }[]>('PRAGMA synchronous');
    expect(mode?.journal_mode).toBe('wal');
    expect(Number(sync?.synchronous)).toBe(2);
  });
});

describe('access log with an injected writer', () => {
  let db: Db;
  let databaseUrl: string;
  let removeDb: () => void;
  let alice: FixturePerson;
  let secrets: string[];

  beforeAll(async () => {
    const database = await freshDatabase();
    removeDb = database.remove;
    databaseUrl = database.url;
    db = await openPersonDb('sqlite', database.url);
    alice = await insertPerson(db, '张三丰');
    secrets = await insertRecords(db, alice.id, 'alice');
    await insertConsent(db, {
      personId: alice.id, institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES', 'HONORS', 'INTEGRITY'],
      grantedAt: new Date('2025-06-01T00:00:00Z'), expiresAt: new Date('2025-12-01T00:00:00Z'),
    });
  });

  afterAll(async () => {
    await db?.close();
    removeDb?.();
  });

  async function serve(accessLog: AccessLog): Promise<{ app: FastifyInstance; url: string }> {
    const config = loadPersonConfig({ ...testEnv(databaseUrl), NODE_ENV: 'production' });
    // No report key in this test's data dir: reports are not what it tests.
    const app = await subgraph.createServer({ db, logger: silentLogger, config, now: () => NOW, given: { accessLog, reports: { signer: null, jwks: { keys: [] } } } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql` };
  }

  it('withholds the data with INTERNAL_SERVER_ERROR when the log cannot be written', async () => {
    const failing: AccessLog = { append: () => Promise.reject(new Error('disk I/O error at /var/lib/person.db')) };
    const { app, url } = await serve(failing);
    try {
      const who = caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN');
      const res = await gql(url, who, 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id idNumber penalties { id violation } honors { title } integrity { score } } } }', {
        r: [{ __typename: 'Person', id: alice.id }],
      });
      expect(res.body.data).toEqual({ _entities: [{ id: alice.id, idNumber: expect.stringContaining('********'), penalties: null, honors: null, integrity: null }] });
      expect(errorCodes(res)).toEqual([
        ['_entities.0.honors', 'INTERNAL_SERVER_ERROR'],
        ['_entities.0.integrity', 'INTERNAL_SERVER_ERROR'],
        ['_entities.0.penalties', 'INTERNAL_SERVER_ERROR'],
      ]);
      const raw = JSON.stringify(res.body);
      for (const s of secrets) expect(raw).not.toContain(s);
      expect(raw).not.toContain('/var/lib'); // no paths in production
      expect(raw).not.toContain('"score"');

      // The full name (IDENTITY) is withheld too: the non-null name takes its parent with it.
      const named = await gql(url, who, 'query ($n: String!) { person(idNumber: $n) { name } }', { n: alice.idNumber });
      expect(named.body.data).toEqual({ person: null });
      expect(errorCodes(named)).toEqual([['person.name', 'INTERNAL_SERVER_ERROR']]);
      expect(JSON.stringify(named.body)).not.toContain('张三丰');
    } finally {
      await app.close();
    }
  });

  it('commits the entries of concurrent requests together (group commit)', async () => {
    const REQUESTS = 20;
    let flushes = 0;
    const writer = new AccessLogWriter({
      sink: async (entries) => { flushes++; await insertAccessLogEntries(db, entries); },
      maxBatch: REQUESTS,
      maxDelayMs: 60_000, // only a full batch flushes: all 20 requests must share one transaction
    });
    const { app, url } = await serve(writer);
    try {
      const callers = Array.from({ length: REQUESTS }, () => caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN'));
      const responses = await Promise.all(callers.map((who) =>
        gql(url, who, 'query ($n: String!) { person(idNumber: $n) { name penalties { id } } }', { n: alice.idNumber })));
      expect(responses.every((r) => r.body.data?.person !== null && !r.body.errors)).toBe(true);
      expect(flushes).toBe(1);
      const rows = await db.prisma.accessLogEntry.findMany({ where: { requestId: { in: callers.map((c) => c.requestId) } } });
      expect(rows).toHaveLength(REQUESTS);
    } finally {
      await app.close();
    }
  });

  it('needs fewer transactions than requests under concurrent load with the default settings', async () => {
    const REQUESTS = 50;
    let flushes = 0;
    const writer = new AccessLogWriter({ sink: async (entries) => { flushes++; await insertAccessLogEntries(db, entries); } });
    const { app, url } = await serve(writer);
    try {
      await Promise.all(Array.from({ length: REQUESTS }, () =>
        gql(url, caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN'), 'query ($n: String!) { person(idNumber: $n) { penalties { id } } }', { n: alice.idNumber })));
      expect(writer.stats.committed).toBe(REQUESTS);
      expect(flushes).toBeLessThan(REQUESTS);
    } finally {
      await app.close();
    }
  });
});
