/**
 * The gateway's share of the platform database. The gateway co-owns that database with the
 * platform subgraph (docs/architecture.md): the subgraph manages institutions and API keys and
 * reports usage; the gateway reads keys and quota totals and writes the usage it meters. Every
 * statement the gateway sends there is in this module, over the platform's own db layer
 * (subgraphs/platform/db/).
 *
 * Usage is written as a group commit on the database's writer connection (lib/db/client.ts), in
 * one transaction per flush: UsageBucket per institution and hour, UsageOperation per institution,
 * hour and operation document.
 */
import { openDb, ping, transaction, type DbWithWriter } from '../lib/db/client.ts';
import type { DatabaseProvider } from '../lib/config.ts';
import type { PrismaClient } from '../prisma/generated/platform/sqlite/client.ts';
import { clientModules, type Tx } from '../subgraphs/platform/db/client.ts';
import { findApiKeyByPrefix } from '../subgraphs/platform/db/institutions.ts';
import type { KeyLookup } from './authenticate.ts';
import { trustedDocumentByHash, trustedHashesOf } from '../subgraphs/platform/db/trusted-documents.ts';
import { touchApiKeys } from '../subgraphs/platform/db/key-lifecycle.ts';
import type { TrustedDocumentStore } from './trusted-documents.ts';

export type PlatformDb = DbWithWriter<PrismaClient>;

export interface UsageCounters { requests: number; archivePulls: number; personRecordPulls: number; rejected: number }

/** Usage of one institution in one hour. */
export interface BucketUsage {
  institutionId: string;
  hour: Date;
  /** `cachedRequests`: of the requests, those answered from the response cache (gateway/cache/). */
  c: UsageCounters & { totalLatencyMs: number; cachedRequests: number; reports: number };
}

/** Usage of one operation document by one institution in one hour. */
export interface OperationUsage {
  institutionId: string;
  hour: Date;
  operationHash: string;
  operationName: string | null;
  fields: ReadonlySet<string>;
  c: UsageCounters;
}

/** What the usage recorder needs (gateway/metering/usage.ts). */
export interface UsageStore {
  /** Adds the counts to the stored ones, in one transaction; throws (having written nothing) on failure. */
  addUsage(buckets: readonly BucketUsage[], operations: readonly OperationUsage[]): Promise<void>;
  /** What the quotas count, per institution: archive pulls in the hours from `dayStart` and from `monthStart`, reports issued from `monthStart`. */
  archivePulls(dayStart: Date, monthStart: Date): Promise<Map<string, QuotaTotals>>;
}

/** Quota totals of one institution: archive pulls today and this month, credit reports this month (CST). */
export interface QuotaTotals { day: number; month: number; reports: number }

export interface PlatformStore extends UsageStore, TrustedDocumentStore {
  /** Records when keys (by prefix) last authenticated a request, in one transaction (gateway/key-usage.ts). */
  touchApiKeys(seen: ReadonlyMap<string, Date>): Promise<void>;
  /** API keys by their public prefix (authenticate.ts caches the answers). */
  keyLookup: KeyLookup;
  /** One round trip (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openPlatformStore(config: { provider: DatabaseProvider; platformDatabaseUrl: string }): Promise<PlatformStore> {
  return createPlatformStore(await openDb(clientModules, config.provider, config.platformDatabaseUrl, { writer: true }));
}

export function createPlatformStore(db: PlatformDb): PlatformStore {
  return {
    async keyLookup(prefix) {
      const key = await findApiKeyByPrefix(db, prefix);
      if (!key) return null;
      const inst = key.institution;
      return {
        secretHash: key.secretHash,
        revoked: key.revokedAt !== null,
        expiresAt: key.expiresAt,
        institution: {
          id: inst.id, name: inst.name, kind: inst.kind, status: inst.status, scopes: inst.scopes,
          plan: {
            ratePerSecond: inst.ratePerSecond, burst: inst.burst,
            dailyArchivePulls: inst.dailyArchivePulls, monthlyArchivePulls: inst.monthlyArchivePulls,
            monthlyReports: inst.monthlyReports,
          },
        },
      };
    },
    ping: () => ping(db),
    async touchApiKeys(seen) {
      if (seen.size === 0) return;
      await transaction({ prisma: db.writer }, (tx) => touchApiKeys(tx, seen), { maxWait: 10_000, timeout: 30_000 });
    },
    trustedHashes: (institutionId) => trustedHashesOf(db, institutionId),
    trustedDocument: (hash) => trustedDocumentByHash(db, hash),
    async addUsage(buckets, operations) {
      if (buckets.length === 0 && operations.length === 0) return;
      await transaction({ prisma: db.writer }, async (tx) => {
        await writeBuckets(tx, buckets);
        await writeOperations(tx, operations);
      }, { maxWait: 10_000, timeout: 30_000 });
    },
    async archivePulls(dayStart, monthStart) {
      const sums = (from: Date) => db.prisma.usageBucket.groupBy({
        by: ['institutionId'],
        where: { hourStart: { gte: from } },
        _sum: { archivePulls: true, reports: true },
      });
      const months = await sums(monthStart);
      const days = await sums(dayStart);
      const totals = new Map<string, QuotaTotals>();
      for (const r of months) totals.set(r.institutionId, { day: 0, month: r._sum.archivePulls ?? 0, reports: r._sum.reports ?? 0 });
      for (const r of days) {
        const t = totals.get(r.institutionId) ?? { day: 0, month: 0, reports: 0 };
        t.day = r._sum.archivePulls ?? 0;
        totals.set(r.institutionId, t);
      }
      return totals;
    },
    close: () => db.close(),
  };
}

/** Operation rows looked up per statement when merging (each adds at most 2 bound values). */
const LOOKUP_CHUNK = 500;

export const operationKey = (institutionId: string, hour: Date, hash: string) => `${institutionId}|${hour.getTime()}|${hash}`;
const joinFields = (fields: Iterable<string>) => [...fields].sort().join(' ');

/** Operations grouped by hour, at most LOOKUP_CHUNK per group. */
function lookupChunks(operations: readonly OperationUsage[]): OperationUsage[][] {
  const byHour = new Map<number, OperationUsage[]>();
  for (const o of operations) {
    const list = byHour.get(o.hour.getTime()) ?? [];
    list.push(o);
    byHour.set(o.hour.getTime(), list);
  }
  return [...byHour.values()].flatMap((list) =>
    Array.from({ length: Math.ceil(list.length / LOOKUP_CHUNK) }, (_, i) => list.slice(i * LOOKUP_CHUNK, (i + 1) * LOOKUP_CHUNK)));
}

async function writeBuckets(tx: Tx, buckets: readonly BucketUsage[]): Promise<void> {
  for (const { institutionId, hour, c } of buckets) {
    await tx.prisma.usageBucket.upsert({
      where: { institutionId_hourStart: { institutionId, hourStart: hour } },
      create: { institutionId, hourStart: hour, ...c },
      update: {
        requests: { increment: c.requests },
        archivePulls: { increment: c.archivePulls },
        personRecordPulls: { increment: c.personRecordPulls },
        rejected: { increment: c.rejected },
        totalLatencyMs: { increment: c.totalLatencyMs },
        cachedRequests: { increment: c.cachedRequests },
        reports: { increment: c.reports },
      },
    });
  }
}

/**
 * Counters are incremented; `fields` becomes the union of what is stored and what is new, and the
 * first operation name seen is kept (one document may hold several operations). Per chunk: one
 * read, one insert of the new rows, one update per stored row. Two gateways inserting the same
 * new row at once: the loser's transaction fails and its counts are retried at its next flush.
 */
async function writeOperations(tx: Tx, operations: readonly OperationUsage[]): Promise<void> {
  for (const chunk of lookupChunks(operations)) {
    // A superset (every pair of these institutions and documents in this hour), filtered by key:
    // IN lists cost milliseconds where an OR of (institution, hour, hash) triples costs a second.
    const stored = await tx.prisma.usageOperation.findMany({
      where: {
        hourStart: chunk[0]!.hour,
        institutionId: { in: [...new Set(chunk.map((o) => o.institutionId))] },
        operationHash: { in: [...new Set(chunk.map((o) => o.operationHash))] },
      },
      select: { institutionId: true, hourStart: true, operationHash: true, operationName: true, fields: true },
    });
    const byKey = new Map(stored.map((r) => [operationKey(r.institutionId, r.hourStart, r.operationHash), r]));
    const fresh = chunk.filter((o) => !byKey.has(operationKey(o.institutionId, o.hour, o.operationHash)));
    if (fresh.length) {
      await tx.prisma.usageOperation.createMany({
        data: fresh.map((o) => ({
          institutionId: o.institutionId, hourStart: o.hour, operationHash: o.operationHash,
          operationName: o.operationName, fields: joinFields(o.fields), ...o.c,
        })),
      });
    }
    for (const o of chunk) {
      const row = byKey.get(operationKey(o.institutionId, o.hour, o.operationHash));
      if (!row) continue;
      const fields = joinFields(new Set([...row.fields.split(' ').filter(Boolean), ...o.fields]));
      // updateMany: one statement (update would read the row back).
      await tx.prisma.usageOperation.updateMany({
        where: { institutionId: o.institutionId, hourStart: o.hour, operationHash: o.operationHash },
        data: {
          requests: { increment: o.c.requests },
          archivePulls: { increment: o.c.archivePulls },
          personRecordPulls: { increment: o.c.personRecordPulls },
          rejected: { increment: o.c.rejected },
          ...(fields !== row.fields ? { fields } : {}),
          ...(row.operationName === null && o.operationName !== null ? { operationName: o.operationName } : {}),
        },
      });
    }
  }
}
