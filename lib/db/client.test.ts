/**
 * The database handle (client.ts, the SQLite gate in adapters.ts): the group commits' writer is a
 * connection of its own that never shares another transaction, never stalls one, and is as durable
 * as the client.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import { freshDatabase, type FreshDatabase } from '../../tests/support/subgraph.ts';
import { openPersonDb, type Db } from '../../subgraphs/person/db/client.ts';
import { insertAccessLogEntries, type AccessLogEntryRow } from '../../subgraphs/person/db/access-log.ts';
import { transaction } from './client.ts';

const entry = (id: string): AccessLogEntryRow => ({
  id, at: new Date('2026-01-01T00:00:00Z'), personId: 'p', accessorKind: 'PERSON', institutionId: null, institutionName: null,
  accessorPersonId: 'p', categories: 'PENALTIES', purpose: null, consentId: null, basis: 'SELF', requestId: id,
});
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('openDb on SQLite', () => {
  let fresh: FreshDatabase;
  let db: Db;

  beforeAll(async () => {
    fresh = await freshDatabase('person', { dirPrefix: 'db-client-test-' });
    db = await openPersonDb('sqlite', fresh.url);
  });

  afterAll(async () => {
    await db?.close();
    fresh?.remove();
  });

  it('opens the writer on a connection of its own, WAL with synchronous=FULL like the client', async () => {
    for (const client of [db.prisma, db.writer]) {
      const [mode] = await client.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
      const [sync] = await client.$queryRawUnsafe<{ synchronous: bigint | number }[]>('PRAGMA synchronous');
      expect([mode?.journal_mode, Number(sync?.synchronous)]).toEqual(['wal', 2]);
    }
    expect(db.writer).not.toBe(db.prisma);
  });

  it('keeps a group commit out of a transaction that rolls back, and commits it after', async () => {
    let logged: Promise<void> | undefined;
    await expect(transaction(db, async (tx) => {
      await tx.prisma.person.deleteMany({ where: { id: 'nobody' } });
      logged = insertAccessLogEntries(db, [entry('kept')]);
      await delay(50);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    await logged;
    expect(await db.prisma.accessLogEntry.count({ where: { id: 'kept' } })).toBe(1);
  });

  it('lets a transaction that read before a group commit was asked for still write', async () => {
    // Without ordering, the group commit would commit between the read and the write, and SQLite
    // refuses a deferred transaction's write on a stale snapshot (SQLITE_BUSY_SNAPSHOT).
    let logged: Promise<void> | undefined;
    const honor = { id: 'h-snapshot', personId: 'p', title: 't', awardedBy: 'a', awardedOn: '2026-01-01' };
    await transaction(db, async (tx) => {
      expect(await tx.prisma.personHonor.count()).toBe(0);
      logged = insertAccessLogEntries(db, [entry('beside')]);
      await delay(50);
      await tx.prisma.personHonor.create({ data: honor });
    });
    await logged;
    expect(await db.prisma.personHonor.findUnique({ where: { id: honor.id } })).toEqual(honor);
    expect(await db.prisma.accessLogEntry.count({ where: { id: 'beside' } })).toBe(1);
  });

  it('holds the write lock from a transaction\'s start, so another process\'s commit cannot stale what it read', async () => {
    // Another process on the same file (the bulk-ingest runner, the CLI), no busy wait: it is told at once.
    const other = new BetterSqlite3(fresh.file, { timeout: 0 });
    const honor = { id: 'h-immediate', personId: 'p', title: 't', awardedBy: 'a', awardedOn: '2026-01-03' };
    try {
      await transaction(db, async (tx) => {
        expect(await tx.prisma.personHonor.count({ where: { id: honor.id } })).toBe(0);
        // A deferred BEGIN would let this commit, and the write below fail with SQLITE_BUSY_SNAPSHOT.
        expect(() => other.prepare("INSERT INTO PersonHonor (id, personId, title, awardedBy, awardedOn) VALUES ('h-other', 'p', 't', 'a', '2026-01-04')").run())
          .toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
        await tx.prisma.personHonor.create({ data: honor });
      });
      expect(await db.prisma.personHonor.findUnique({ where: { id: honor.id } })).toEqual(honor);
      other.prepare("INSERT INTO PersonHonor (id, personId, title, awardedBy, awardedOn) VALUES ('h-other', 'p', 't', 'a', '2026-01-04')").run();
    } finally {
      other.close();
    }
  });

  it("keeps another request's plain write on the client out of a transaction that rolls back", async () => {
    // Prisma's SQLite adapter has one connection: were the client not to hold this write back until
    // the transaction ends, it would run inside it and vanish with its rollback although its own
    // caller was told it succeeded (checked: it is held back; this keeps it so).
    let written: Promise<unknown> | undefined;
    const honor = { id: 'h-plain', personId: 'p', title: 't', awardedBy: 'a', awardedOn: '2026-01-02' };
    await expect(transaction(db, async (tx) => {
      await tx.prisma.person.deleteMany({ where: { id: 'nobody' } });
      written = db.prisma.personHonor.create({ data: honor });
      await delay(50);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    await written;
    expect(await db.prisma.personHonor.findUnique({ where: { id: honor.id } })).toEqual(honor);
  });
});
