/**
 * The prepared-statement read path returns exactly what Prisma returns for the same rows, on
 * SQLite and on PostgreSQL (Booleans, DateTimes in UTC whatever the process's zone — `npm test`
 * runs in Asia/Shanghai —, nulls, order), a key list of any length is one statement, and on
 * PostgreSQL the server ending the pool's connections neither stops the reads nor the process.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase, type FreshDatabase } from '../../tests/support/subgraph.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { openPersonDb, type Db } from '../../subgraphs/person/db/client.ts';
import { toSqlite } from './dialect.ts';
import { select } from './reader.ts';
import { pgClient } from './drivers.ts';

describe('toSqlite', () => {
  it('turns = ANY($n) into a json_each list and $n into positional parameters, repeats included', () => {
    expect(toSqlite('SELECT * FROM "T" WHERE "a" = ANY($1) AND "b" >= $2 AND ("c" = $3 OR "b" > $2) LIMIT $4')).toEqual({
      sql: 'SELECT * FROM "T" WHERE "a" IN (SELECT value FROM json_each(?)) AND "b" >= ? AND ("c" = ? OR "b" > ?) LIMIT ?',
      order: [0, 1, 2, 1, 3],
    });
  });
});

const penalties = select('test.penalties',
  'SELECT * FROM "PersonPenalty" WHERE "personId" = ANY($1) ORDER BY "decisionDate" DESC, "id" ASC', ['underObjection']);
const consents = select('test.consents',
  'SELECT * FROM "Consent" WHERE "personId" = ANY($1) AND "institutionId" = $2 ORDER BY "id" ASC', ['monitoring'], ['grantedAt', 'expiresAt', 'revokedAt']);

type Opener = (onQuery: (sql: string) => void) => Promise<{ db: Db; done(): Promise<void> }>;
/** Has the server end every connection to the database but the caller's (a restart, as the reader sees it). */
type ServerEnds = () => Promise<void>;

function suite(name: string, open: Opener, serverEnds?: ServerEnds) {
  describe(name, () => {
    let db: Db;
    let done: () => Promise<void>;
    const statements: string[] = [];

    beforeAll(async () => {
      ({ db, done } = await open((sql) => statements.push(sql)));
      const penalty = (id: string, personId: string, decisionDate: string, extra: object = {}) => ({
        id, personId, catalogItemCode: 'C', sourceDepartment: 'D', decisionDate, violation: 'v', legalBasis: 'l', penaltyType: 't', ...extra,
      });
      await db.prisma.personPenalty.createMany({ data: [
        penalty('p1', 'a', '2025-01-02', { amount: 12.5, underObjection: true }),
        penalty('p2', 'a', '2025-03-04', { publicityEndDate: '2026-03-04' }),
        penalty('p3', 'b', '2024-12-31', { documentNumber: 'X-1' }),
        penalty('p4', 'c', '2025-01-01'),
      ] });
      await db.prisma.consent.createMany({ data: [
        { id: 'c1', personId: 'a', institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: 'IDENTITY',
          grantedAt: new Date('2026-01-02T03:04:05.678Z'), expiresAt: new Date('2027-01-02T03:04:05.678Z'), revokedAt: null },
        { id: 'c2', personId: 'b', institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: 'IDENTITY,PENALTIES',
          grantedAt: new Date('2026-05-06T23:59:59.001Z'), expiresAt: new Date('2026-11-06T00:00:00.000Z'), revokedAt: new Date('2026-06-01T12:00:00.000Z') },
        { id: 'c3', personId: 'a', institutionId: 'other', purpose: 'CREDIT_EASY_LOAN', categories: 'IDENTITY',
          grantedAt: new Date('2026-01-01T00:00:00.000Z'), expiresAt: new Date('2027-01-01T00:00:00.000Z'), revokedAt: null },
      ] });
    }, 120_000);

    afterAll(async () => {
      await done?.();
    });

    it('returns the rows, types and order Prisma returns', async () => {
      const viaPrisma = await db.prisma.personPenalty.findMany({ where: { personId: { in: ['a', 'b', 'missing'] } }, orderBy: [{ decisionDate: 'desc' }, { id: 'asc' }] });
      const viaReader = await db.reader.all(penalties, [['a', 'b', 'missing']]);
      expect(viaReader).toEqual(viaPrisma);
      expect(viaReader.map((r) => (r as { id: string }).id)).toEqual(['p2', 'p1', 'p3']);
      expect((viaReader[1] as { underObjection: unknown }).underObjection).toBe(true);
      expect((viaReader[0] as { underObjection: unknown }).underObjection).toBe(false);
    });

    it('reads DateTimes as the instants Prisma wrote, nulls as null', async () => {
      const viaPrisma = await db.prisma.consent.findMany({ where: { personId: { in: ['a', 'b'] }, institutionId: 'bank' }, orderBy: { id: 'asc' } });
      const viaReader = await db.reader.all<{ grantedAt: Date; revokedAt: Date | null }>(consents, [['a', 'b'], 'bank']);
      expect(viaReader).toEqual(viaPrisma);
      expect(viaReader[0]!.grantedAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
      expect(viaReader[0]!.revokedAt).toBeNull();
      expect(viaReader[1]!.revokedAt!.toISOString()).toBe('2026-06-01T12:00:00.000Z');
    });

    it('sends one statement for any number of keys, none matching included', async () => {
      statements.length = 0;
      expect(await db.reader.all(penalties, [[]])).toEqual([]);
      expect(await db.reader.all(penalties, [Array.from({ length: 500 }, (_, i) => `k${i}`).concat('c')])).toHaveLength(1);
      expect(statements).toHaveLength(2);
    });

    if (serverEnds) {
      it('reads again after the server ended its idle connections, and the process lives on', async () => {
        await db.reader.all(penalties, [['a']]);
        await serverEnds();
        // The pool hears of it on its own ('error' on an idle client); with no listener Node throws it.
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await db.reader.all(penalties, [['b']])).toHaveLength(1);
      });
    }
  });
}

let sqlite: FreshDatabase | null = null;
suite('on SQLite', async (onQuery) => {
  sqlite = await freshDatabase('person', { dirPrefix: 'reader-test-' });
  const db = await openPersonDb('sqlite', sqlite.url, onQuery);
  return { db, done: async () => { await db.close(); sqlite?.remove(); } };
});

const maybe = postgresAvailable() ? suite : (name: string, _open: Opener, _ends?: ServerEnds) => describe.skip(name, () => { it('needs PostgreSQL', () => {}); });
let pg: PostgresInstance | null = null;
let pgUrl = '';
maybe('on PostgreSQL', async (onQuery) => {
  pg = await startPostgres();
  const fresh = await freshDatabase('person', { postgresUrl: await pg.createDatabase('reader_test') });
  pgUrl = fresh.url;
  const db = await openPersonDb('postgresql', fresh.url, onQuery);
  return { db, done: async () => { await db.close(); await pg?.stop(); fresh.remove(); } };
}, async () => {
  const admin = pgClient(pgUrl);
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  } finally {
    await admin.end();
  }
});
