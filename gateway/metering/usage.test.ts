/**
 * UsageRecorder over a real, migrated platform database (temp SQLite; PostgreSQL too where its
 * binaries are installed): one flush writes UsageBucket and UsageOperation rows in one
 * transaction, a failed flush puts every count back, and what it wrote is what the usage report reads.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, transaction } from '../../lib/db/client.ts';
import type { DatabaseProvider } from '../../lib/config.ts';
import { applyMigrations } from '../../lib/db/migrations.ts';
import type { Logger } from '../../lib/logger.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import type { PrismaClient } from '../../prisma/generated/platform/sqlite/client.ts';
import { clientModules } from '../../subgraphs/platform/db/client.ts';
import { hourlyUsage, topOperations } from '../../subgraphs/platform/db/usage.ts';
import { summarize, usageRange } from '../../subgraphs/platform/usage-report.ts';
import { createPlatformStore, type PlatformDb } from '../platform-store.ts';
import { UsageRecorder, type UsageEvent } from './usage.ts';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const H10 = new Date('2026-03-01T10:00:00.000Z');
const H11 = new Date('2026-03-01T11:00:00.000Z');

const event = (e: Omit<Partial<UsageEvent>, 'at'> & { at: string }): UsageEvent => ({
  institutionId: 'inst-bank', archivePulls: 0, personRecordPulls: 0, rejected: false, latencyMs: 10, ...e, at: new Date(e.at),
});

function fakeLogger() {
  const error = jest.fn();
  const warn = jest.fn();
  return { logger: { error, warn, info: jest.fn(), debug: jest.fn() } as unknown as Logger, error, warn };
}

type Failure = 'transaction' | 'operation-write' | null;

/** The real writer, except that the next flush can be made to fail: whole, or at its UsageOperation write. */
function flaky(db: PrismaClient): { db: PrismaClient; failNext(f: Failure): void } {
  let next: Failure = null;
  const bind = (target: object, prop: string | symbol) => {
    const v = Reflect.get(target, prop);
    return typeof v === 'function' ? v.bind(target) : v;
  };
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop !== '$transaction') return bind(target, prop);
      return (fn: (tx: PrismaClient) => Promise<unknown>, opts?: unknown) => {
        const failure = next;
        next = null;
        if (failure === 'transaction') return Promise.reject(new Error('database unavailable'));
        if (failure !== 'operation-write') return target.$transaction(fn as never, opts as never);
        return target.$transaction((tx) => fn(new Proxy(tx as PrismaClient, {
          get(t, p) {
            if (p !== 'usageOperation') return bind(t, p);
            return new Proxy(t.usageOperation, {
              get: (d, q) => (q === 'createMany' || q === 'updateMany' ? () => Promise.reject(new Error('disk full')) : bind(d, q)),
            });
          },
        })), opts as never);
      };
    },
  });
  return { db: proxy, failNext: (f) => { next = f; } };
}

const buckets = (db: PlatformDb) => db.prisma.usageBucket.findMany({ orderBy: [{ institutionId: 'asc' }, { hourStart: 'asc' }] });
const operations = (db: PlatformDb) => db.prisma.usageOperation.findMany({ orderBy: [{ institutionId: 'asc' }, { hourStart: 'asc' }, { operationHash: 'asc' }] });

function suite(provider: DatabaseProvider, url: () => Promise<string>) {
  let db: PlatformDb;

  beforeEach(async () => {
    const u = await url();
    await applyMigrations({ subgraph: 'platform', provider, url: u });
    db = await openDb(clientModules, provider, u, { writer: true });
    await db.prisma.usageOperation.deleteMany();
    await db.prisma.usageBucket.deleteMany();
  });

  afterEach(async () => {
    await db?.close();
  });

  it('writes UsageBucket and UsageOperation rows in one flush, per institution, hour and document', async () => {
    const recorder = new UsageRecorder(createPlatformStore(db), { flushMs: 1000, logger: fakeLogger().logger });
    recorder.record(event({ at: '2026-03-01T10:05:00Z', operationHash: HASH_A, operationName: 'Archive', fields: ['Query.enterprise', 'Enterprise.penalties'], archivePulls: 2, latencyMs: 20 }));
    recorder.record(event({ at: '2026-03-01T10:59:59Z', operationHash: HASH_A, operationName: 'Archive', fields: ['Query.enterprise', 'Enterprise.licenses'], archivePulls: 1, latencyMs: 40, cached: true }));
    recorder.record(event({ at: '2026-03-01T10:30:00Z', operationHash: HASH_B, operationName: null, fields: ['Query.person'], personRecordPulls: 1, rejected: true }));
    recorder.record(event({ at: '2026-03-01T10:31:00Z', rejected: true })); // refused before its document was read
    recorder.record(event({ at: '2026-03-01T11:00:00Z', operationHash: HASH_A, operationName: 'Archive', fields: ['Query.enterprise'] }));
    recorder.record(event({ at: '2026-03-01T10:00:00Z', institutionId: 'inst-gov', operationHash: HASH_A, operationName: 'Archive', fields: ['Query.enterprise'] }));
    await recorder.flush();

    expect(await buckets(db)).toEqual([
      { institutionId: 'inst-bank', hourStart: H10, requests: 4, archivePulls: 3, personRecordPulls: 1, rejected: 2, totalLatencyMs: 80, cachedRequests: 1, reports: 0 },
      { institutionId: 'inst-bank', hourStart: H11, requests: 1, archivePulls: 0, personRecordPulls: 0, rejected: 0, totalLatencyMs: 10, cachedRequests: 0, reports: 0 },
      { institutionId: 'inst-gov', hourStart: H10, requests: 1, archivePulls: 0, personRecordPulls: 0, rejected: 0, totalLatencyMs: 10, cachedRequests: 0, reports: 0 },
    ]);
    expect(await operations(db)).toEqual([
      { institutionId: 'inst-bank', hourStart: H10, operationHash: HASH_A, operationName: 'Archive', fields: 'Enterprise.licenses Enterprise.penalties Query.enterprise', requests: 2, archivePulls: 3, personRecordPulls: 0, rejected: 0 },
      { institutionId: 'inst-bank', hourStart: H10, operationHash: HASH_B, operationName: null, fields: 'Query.person', requests: 1, archivePulls: 0, personRecordPulls: 1, rejected: 1 },
      { institutionId: 'inst-bank', hourStart: H11, operationHash: HASH_A, operationName: 'Archive', fields: 'Query.enterprise', requests: 1, archivePulls: 0, personRecordPulls: 0, rejected: 0 },
      { institutionId: 'inst-gov', hourStart: H10, operationHash: HASH_A, operationName: 'Archive', fields: 'Query.enterprise', requests: 1, archivePulls: 0, personRecordPulls: 0, rejected: 0 },
    ]);
    expect(recorder.flushes).toBe(1);
  });

  it('counts issued reports apart from archive pulls, in quota totals of their own, before and after a flush', async () => {
    const recorder = new UsageRecorder(createPlatformStore(db), { flushMs: 1000, logger: fakeLogger().logger, now: () => new Date('2026-03-01T10:30:00Z') });
    recorder.record(event({ at: '2026-03-01T10:05:00Z', operationHash: HASH_A, archivePulls: 2 }));
    recorder.record(event({ at: '2026-03-01T10:06:00Z', operationHash: HASH_B, reports: 1 }));
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 2, month: 2 });
    expect(recorder.reportsUsed('inst-bank')).toBe(1);
    await recorder.flush();
    expect(await buckets(db)).toEqual([
      { institutionId: 'inst-bank', hourStart: H10, requests: 2, archivePulls: 2, personRecordPulls: 0, rejected: 0, totalLatencyMs: 20, cachedRequests: 0, reports: 1 },
    ]);
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 2, month: 2 });
    expect(recorder.reportsUsed('inst-bank')).toBe(1);
  });

  it('adds later flushes to the stored rows, widening fields to the union and keeping the first name', async () => {
    const recorder = new UsageRecorder(createPlatformStore(db), { flushMs: 1000, logger: fakeLogger().logger });
    recorder.record(event({ at: '2026-03-01T10:05:00Z', operationHash: HASH_A, operationName: null, fields: ['Query.me'] }));
    await recorder.flush();
    recorder.record(event({ at: '2026-03-01T10:06:00Z', operationHash: HASH_A, operationName: 'Second', fields: ['Query.me', 'Viewer.kind'], archivePulls: 1 }));
    recorder.record(event({ at: '2026-03-01T10:07:00Z', operationHash: HASH_A, operationName: 'Third', fields: ['Query.institution'] }));
    await recorder.flush();
    recorder.record(event({ at: '2026-03-01T10:08:00Z', operationHash: HASH_A, operationName: 'Fourth', fields: ['Viewer.kind'] }));
    await recorder.flush();

    expect(await operations(db)).toEqual([
      { institutionId: 'inst-bank', hourStart: H10, operationHash: HASH_A, operationName: 'Second', fields: 'Query.institution Query.me Viewer.kind', requests: 4, archivePulls: 1, personRecordPulls: 0, rejected: 0 },
    ]);
    expect(await buckets(db)).toEqual([
      { institutionId: 'inst-bank', hourStart: H10, requests: 4, archivePulls: 1, personRecordPulls: 0, rejected: 0, totalLatencyMs: 40, cachedRequests: 0, reports: 0 },
    ]);
  });

  it.each<[string, Failure]>([
    ['the whole flush fails', 'transaction'],
    ['the UsageOperation write fails after the UsageBucket write (which rolls back)', 'operation-write'],
  ])('puts every count back when %s, and the next flush writes each count exactly once', async (_what, failure) => {
    const { logger, error } = fakeLogger();
    const f = flaky(db.writer);
    const recorder = new UsageRecorder(createPlatformStore({ ...db, writer: f.db }), { flushMs: 1000, logger, now: () => new Date('2026-03-01T12:00:00Z') });
    recorder.record(event({ at: '2026-03-01T10:05:00Z', operationHash: HASH_A, operationName: 'A', fields: ['Query.me'], archivePulls: 2 }));
    recorder.record(event({ at: '2026-03-01T10:06:00Z', rejected: true }));
    f.failNext(failure);
    await recorder.flush();

    expect(error).toHaveBeenCalledWith({ err: expect.any(Error) }, 'usage flush failed; will retry');
    expect(await buckets(db)).toEqual([]);
    expect(await operations(db)).toEqual([]);
    expect(recorder.flushes).toBe(0);
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 2, month: 2 }); // still counted for quotas

    // Counted meanwhile: merged with what was put back.
    recorder.record(event({ at: '2026-03-01T10:07:00Z', operationHash: HASH_A, operationName: 'A', fields: ['Viewer.kind'], archivePulls: 1 }));
    await recorder.flush();
    expect(await buckets(db)).toEqual([
      { institutionId: 'inst-bank', hourStart: H10, requests: 3, archivePulls: 3, personRecordPulls: 0, rejected: 1, totalLatencyMs: 30, cachedRequests: 0, reports: 0 },
    ]);
    expect(await operations(db)).toEqual([
      { institutionId: 'inst-bank', hourStart: H10, operationHash: HASH_A, operationName: 'A', fields: 'Query.me Viewer.kind', requests: 2, archivePulls: 3, personRecordPulls: 0, rejected: 0 },
    ]);
    await recorder.flush();
    expect((await buckets(db))[0]?.requests).toBe(3);
  });

  it('commits a flush on the writer, apart from a transaction of the client that rolls back meanwhile', async () => {
    const recorder = new UsageRecorder(createPlatformStore(db), { flushMs: 1000, logger: fakeLogger().logger });
    recorder.record(event({ at: '2026-03-01T10:05:00Z', operationHash: HASH_A, operationName: 'A', fields: ['Query.me'], archivePulls: 2 }));
    let flushed: Promise<void> | undefined;
    await expect(transaction(db, async (tx) => {
      await tx.prisma.usageBucket.create({ data: { institutionId: 'inst-other', hourStart: H11, requests: 1, archivePulls: 0, personRecordPulls: 0, rejected: 0, totalLatencyMs: 1, reports: 0 } });
      flushed = recorder.flush();
      // Time for the flush to be written while this transaction is open (on SQLite it waits for it).
      await Promise.race([flushed, new Promise((resolve) => setTimeout(resolve, 200))]);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    await flushed;
    expect(recorder.flushes).toBe(1);
    expect(await buckets(db)).toEqual([
      { institutionId: 'inst-bank', hourStart: H10, requests: 1, archivePulls: 2, personRecordPulls: 0, rejected: 0, totalLatencyMs: 10, cachedRequests: 0, reports: 0 },
    ]);
    expect(await operations(db)).toHaveLength(1);
  });

  it('writes a known load across a CST midnight that the usage report then finds exactly', async () => {
    const recorder = new UsageRecorder(createPlatformStore(db), { flushMs: 1000, logger: fakeLogger().logger });
    // 15:00Z–17:00Z on 1 March: 23:00 on 1 March to 01:00 on 2 March in CST.
    const start = Date.parse('2026-03-01T15:00:00Z');
    const expected = { 'inst-bank': [0, 0], 'inst-gov': [0, 0] } as Record<string, [number, number]>;
    for (let i = 0; i < 1200; i++) {
      const institutionId = i % 3 === 0 ? 'inst-gov' : 'inst-bank';
      const at = new Date(start + i * 6_000); // every 6 s over two hours
      const day = at.getTime() < Date.parse('2026-03-01T16:00:00Z') ? 0 : 1;
      expected[institutionId]![day]! += 1;
      recorder.record({ institutionId, at, archivePulls: i % 2, personRecordPulls: 0, rejected: i % 10 === 0, latencyMs: 5, operationHash: i % 4 === 0 ? HASH_B : HASH_A, fields: ['Query.enterprise'] });
      if (i % 250 === 0) await recorder.flush();
    }
    await recorder.flush();

    const range = usageRange(new Date('2026-03-01T00:00:00+08:00'), new Date('2026-03-03T00:00:00+08:00'), 'DAY');
    for (const institutionId of ['inst-bank', 'inst-gov']) {
      const report = summarize(range, await hourlyUsage(db, { institutionId, from: range.from, to: range.to }));
      expect(report.buckets.map((b) => b.requests)).toEqual(expected[institutionId]);
      expect(report.requests).toBe(institutionId === 'inst-bank' ? 800 : 400);
      expect(report.averageLatencyMs).toBe(5);
    }
    const all = summarize(range, await hourlyUsage(db, { institutionId: null, from: range.from, to: range.to }));
    expect({ requests: all.requests, archivePulls: all.archivePulls, rejected: all.rejected }).toEqual({ requests: 1200, archivePulls: 600, rejected: 120 });
    const ops = await topOperations(db, { institutionId: null, from: range.from, to: range.to }, 20);
    expect(ops).toEqual([
      { operationHash: HASH_A, operationName: null, fields: ['Query.enterprise'], requests: 900, archivePulls: 600 },
      { operationHash: HASH_B, operationName: null, fields: ['Query.enterprise'], requests: 300, archivePulls: 0 },
    ]);
  });
}

describe('UsageRecorder on SQLite', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'cg-usage-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  suite('sqlite', async () => `file:${join(dir, `platform-${n++}.db`)}`);
});

(postgresAvailable() ? describe : describe.skip)('UsageRecorder on PostgreSQL', () => {
  let pg: PostgresInstance;
  let url: string;
  beforeAll(async () => {
    pg = await startPostgres();
    url = await pg.createDatabase('usage_recorder');
  }, 120_000);
  afterAll(async () => { await pg?.stop(); });
  suite('postgresql', async () => url);
});
