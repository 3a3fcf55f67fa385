/**
 * The same subgraph over PostgreSQL (skipped where no PostgreSQL binaries are installed): consent
 * checks, masking, the access log (group commit, paging), batching and the spending of integrity
 * codes (over a pool of connections, really concurrent) behave as on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyMigrations } from '../../lib/db/migrations.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { maskName } from '../../lib/identifiers/masking.ts';
import { decodeJwt } from 'jose';
import { startSubgraph } from './main.ts';
import {
  caller, errorCodes, gql, insertConsent, insertPerson, insertRecords, institution, personPrincipal, silentLogger, testEnv,
  type FixturePerson,
} from './test-support.ts';

const maybe = postgresAvailable() ? describe : describe.skip;
const NOW = new Date('2025-06-15T04:00:00Z');

maybe('on PostgreSQL', () => {
  let pg: PostgresInstance;
  let server: Awaited<ReturnType<typeof startSubgraph>>;
  let persons: FixturePerson[];
  let statements: string[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
    const url = await pg.createDatabase('person_test');
    await applyMigrations({ subgraph: 'person', provider: 'postgresql', url });
    server = await startSubgraph({ ...testEnv(url), DATABASE_PROVIDER: 'postgresql' }, {
      port: 0, logger: silentLogger, now: () => NOW, onQuery: (sql) => statements.push(sql),
    });
    persons = [];
    for (const name of ['赵一', '钱二', '孙三', '李四']) {
      const p = await insertPerson(server.db, name);
      await insertRecords(server.db, p.id, p.id);
      persons.push(p);
    }
    const [a, b, c] = persons as [FixturePerson, FixturePerson, FixturePerson];
    await insertConsent(server.db, { personId: a.id, institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES'], grantedAt: new Date('2025-06-01T00:00:00Z'), expiresAt: new Date('2025-07-01T00:00:00Z') });
    await insertConsent(server.db, { personId: b.id, institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES'], grantedAt: new Date('2025-01-01T00:00:00Z'), expiresAt: new Date('2025-06-15T03:59:59Z') });
    await insertConsent(server.db, { personId: c.id, institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['PENALTIES'], grantedAt: new Date('2025-06-01T00:00:00Z'), expiresAt: new Date('2025-07-01T00:00:00Z') });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await pg?.stop();
  });

  const bank = () => caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN');
  const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name penalties { id } } } }';

  it('opens exactly what a valid consent names, and nothing after it expired', async () => {
    const [a, b, c, d] = persons as [FixturePerson, FixturePerson, FixturePerson, FixturePerson];
    const res = await gql(server.url, bank(), ENTITIES, { r: persons.map((p) => ({ __typename: 'Person', id: p.id })) });
    expect(res.body.data).toEqual({
      _entities: [
        { id: a.id, name: '赵一', penalties: [{ id: `${a.id}-pen-1` }] },
        { id: b.id, name: maskName('钱二'), penalties: null },
        { id: c.id, name: maskName('孙三'), penalties: [{ id: `${c.id}-pen-1` }] },
        { id: d.id, name: maskName('李四'), penalties: null },
      ],
    });
    expect(errorCodes(res)).toEqual([['_entities.1.penalties', 'FORBIDDEN'], ['_entities.3.penalties', 'FORBIDDEN']]);
  });

  it('logs one entry per person disclosed, durably, before answering', async () => {
    const who = bank();
    await gql(server.url, who, ENTITIES, { r: persons.map((p) => ({ __typename: 'Person', id: p.id })) });
    const rows = await server.db.prisma.accessLogEntry.findMany({ where: { requestId: who.requestId }, orderBy: { categories: 'asc' } });
    expect(rows.map((r) => [r.personId, r.categories, r.basis])).toEqual([
      [persons[0]!.id, 'IDENTITY,PENALTIES', 'CONSENT'],
      [persons[2]!.id, 'PENALTIES', 'CONSENT'],
    ]);
  });

  it('runs the same statements for four persons as for one', async () => {
    const shape = (sql: string) => sql.replace(/IN \(\$\d+(,\$\d+)*\)/g, 'IN (…)').replace(/VALUES (\([$\d,]+\)(,\s*)?)+/g, 'VALUES …').replace(/\$\d+/g, '$?');
    const run = async (people: FixturePerson[]) => {
      statements = [];
      await gql(server.url, bank(), ENTITIES, { r: people.map((p) => ({ __typename: 'Person', id: p.id })) });
      return statements.map(shape);
    };
    const one = await run(persons.slice(0, 1));
    expect(await run(persons)).toEqual(one);
  });

  it('pages the person\'s own log newest first', async () => {
    const a = persons[0]!;
    const res = await gql(server.url, caller(personPrincipal(a.id)), `query ($n: String!) { person(idNumber: $n) {
      accessLog(first: 1) { edges { node { institutionId basis } } pageInfo { hasNextPage } } } }`, { n: a.idNumber });
    expect(res.body).toEqual({ data: { person: { accessLog: { edges: [{ node: { institutionId: 'bank', basis: 'CONSENT' } }], pageInfo: { hasNextPage: true } } } } });
  });

  it('grants and revokes a consent', async () => {
    const d = persons[3]!;
    const granted = await gql(server.url, caller(personPrincipal(d.id)), `mutation { grantConsent(input: {
      institutionId: "bank", purpose: CREDIT_EASY_LOAN, categories: [HONORS], expiresAt: "2025-08-01T00:00:00+08:00" }) { id active expiresAt } }`);
    const consent = granted.body.data?.grantConsent as { id: string };
    expect(granted.body.data).toEqual({ grantConsent: { id: expect.any(String), active: true, expiresAt: '2025-07-31T16:00:00.000Z' } });
    const revoked = await gql(server.url, caller(personPrincipal(d.id)), 'mutation ($id: ID!) { revokeConsent(id: $id) { active revokedAt } }', { id: consent.id });
    expect(revoked.body).toEqual({ data: { revokeConsent: { active: false, revokedAt: NOW.toISOString() } } });
  });

  it('spends an integrity code once when 10 partner cities verify it at the same time', async () => {
    const d = persons[3]!;
    const issued = await gql(server.url, caller(personPrincipal(d.id)), 'mutation { issueIntegrityCode { code } }');
    const { code } = issued.body.data?.issueIntegrityCode as { code: string };
    const verify = 'query ($code: String!, $n: String) { verifyIntegrityCode(code: $code, idNumber: $n) { valid reason } }';
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      gql(server.url, caller(institution(`city-${i}`, 'PARTNER_CITY')), verify, { code, n: d.idNumber })));
    const results = answers.map((a) => a.body.data?.verifyIntegrityCode as { valid: boolean; reason: string | null });
    expect(results.filter((r) => r.valid)).toEqual([{ valid: true, reason: null }]);
    expect(results.filter((r) => !r.valid)).toEqual(Array(9).fill({ valid: false, reason: 'SPENT' }));
    expect(await server.db.prisma.spentIntegrityCode.count({ where: { jti: decodeJwt(code).jti as string } })).toBe(1);
  });
});
