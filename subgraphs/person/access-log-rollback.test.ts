/**
 * Every disclosure keeps its access-log entry although other requests' transactions roll back
 * around it, on SQLite and on PostgreSQL (skipped where no PostgreSQL binaries are installed). The
 * log is written on a connection of its own (lib/db/client.ts): over Prisma's single SQLite
 * connection an entry written while another request's `$transaction` was open became part of it
 * and vanished with its rollback, after the data it recorded had been returned.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { transaction } from '../../lib/db/client.ts';
import { applyMigrations } from '../../lib/db/migrations.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { startSubgraph } from './main.ts';
import {
  caller, errorCodes, freshDatabase, gql, insertPerson, insertRecords, personPrincipal, silentLogger, testEnv,
  type FixturePerson, type GqlResponse,
} from './test-support.ts';

const NOW = new Date('2025-06-15T04:00:00Z');
const READ = 'query ($n: String!) { person(idNumber: $n) { name penalties { id } } }';
const FILE = 'mutation ($r: ID!) { filePersonObjection(recordId: $r, reason: "不是我") { id } }';
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Opened = { env: Record<string, string>; done(): Promise<void> };

function suite(name: string, open: () => Promise<Opened>) {
  describe(name, () => {
    let server: Awaited<ReturnType<typeof startSubgraph>>;
    let done: (() => Promise<void>) | undefined;
    let alice: FixturePerson;

    beforeAll(async () => {
      const opened = await open();
      done = opened.done;
      server = await startSubgraph(opened.env, { port: 0, logger: silentLogger, now: () => NOW });
      alice = await insertPerson(server.db, '欧阳娜娜');
      await insertRecords(server.db, alice.id, 'alice');
    }, 120_000);

    afterAll(async () => {
      await server?.close();
      await done?.();
    });

    /** One disclosure of alice's name and penalties, as herself: one entry, under its own request id. */
    const disclose = () => {
      const who = caller(personPrincipal(alice.id));
      return { requestId: who.requestId, reply: gql(server.url, who, READ, { n: alice.idNumber }) };
    };

    async function expectOneEntryEach(disclosures: { requestId: string; reply: Promise<GqlResponse> }[]) {
      for (const d of disclosures) {
        const reply = await d.reply;
        expect(errorCodes(reply)).toEqual([]);
        expect(reply.body.data).toEqual({ person: { name: '欧阳娜娜', penalties: [{ id: 'alice-pen-1' }, { id: 'alice-pen-old' }] } });
        expect(await server.db.prisma.accessLogEntry.count({ where: { requestId: d.requestId } })).toBe(1);
      }
    }

    it('keeps the entries of disclosures made while another transaction was open, after it rolled back', async () => {
      const disclosures: ReturnType<typeof disclose>[] = [];
      await expect(transaction(server.db, async (tx) => {
        await tx.prisma.personHonor.update({ where: { id: 'alice-hon-1' }, data: { title: 'rolled back' } });
        for (let i = 0; i < 5; i++) disclosures.push(disclose());
        // Time for the disclosures to reach the log while this transaction is open: sharing its
        // connection, they would be written inside it. (The log waits for it on SQLite: the bound
        // only ends the wait.)
        await Promise.race([Promise.all(disclosures.map((d) => d.reply)), delay(300)]);
        throw new Error('rolled back on purpose');
      })).rejects.toThrow('rolled back on purpose');
      await expectOneEntryEach(disclosures);
      expect((await server.db.prisma.personHonor.findUnique({ where: { id: 'alice-hon-1' } }))?.title).not.toBe('rolled back');
    });

    it('logs one entry per disclosure while objections to one record race and transactions roll back', async () => {
      const person = caller(personPrincipal(alice.id));
      const disclosures: ReturnType<typeof disclose>[] = [];
      const filings: Promise<GqlResponse>[] = [];
      const failing: Promise<unknown>[] = [];
      for (let round = 0; round < 4; round++) {
        const record = round % 2 === 0 ? 'alice-pen-1' : 'alice-jd-1';
        filings.push(gql(server.url, person, FILE, { r: record }), gql(server.url, person, FILE, { r: record }));
        for (let i = 0; i < 3; i++) disclosures.push(disclose());
        failing.push(transaction(server.db, async (tx) => {
          await tx.prisma.personHonor.update({ where: { id: 'alice-hon-1' }, data: { title: `round ${round}` } });
          await delay(20);
          throw new Error('rolled back on purpose');
        }).catch(() => undefined));
      }
      await Promise.all(failing);
      const filed = await Promise.all(filings);
      await expectOneEntryEach(disclosures);
      // Of the racing filings, exactly one per record opened a case; the others were refused.
      expect(filed.filter((r) => r.body.data?.filePersonObjection)).toHaveLength(2);
      expect(filed.flatMap(errorCodes).map(([, code]) => code)).toEqual(Array(6).fill('BAD_USER_INPUT'));
    });
  });
}

suite('on SQLite', async () => {
  const database = await freshDatabase();
  return { env: testEnv(database.url), done: async () => database.remove() };
});

(postgresAvailable() ? suite : (name: string) => describe.skip(name, () => { it('needs PostgreSQL', () => {}); }))('on PostgreSQL', async () => {
  const pg: PostgresInstance = await startPostgres();
  const url = await pg.createDatabase('access_log_rollback');
  await applyMigrations({ subgraph: 'person', provider: 'postgresql', url });
  return { env: { ...testEnv(url), DATABASE_PROVIDER: 'postgresql' }, done: () => pg.stop() };
});
