/**
 * N persons cost the same SQL statements as one: every field of `Person` and `__resolveReference`
 * go through per-request loaders, and the access log of one request is one transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSubgraph } from './main.ts';
import {
  caller, freshDatabase, gql, insertConsent, insertPerson, insertRecords, institution, silentLogger, testEnv,
  type FixturePerson,
} from './test-support.ts';

const NOW = new Date('2025-06-15T04:00:00Z');
const LATER = new Date('2025-09-01T00:00:00Z');
const FIELDS = `id name idNumber penalties { id } judgmentDebtor { listed cases { id } } honors { id }
  volunteerService { totalHours records { id } } integrity { score } consents { id }`;
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${FIELDS} } } }`;

let server: Awaited<ReturnType<typeof startSubgraph>>;
let removeDb: () => void;
let persons: FixturePerson[];
let statements: string[] = [];

/** A statement's shape: the same for any number of keys (`IN (?,?,?)`, multi-row `VALUES`). */
const shape = (sql: string) => sql.replace(/IN \((\?,)*\?\)/g, 'IN (…)').replace(/VALUES (\([?,]+\)(, )?)+/g, 'VALUES …');

beforeAll(async () => {
  const database = await freshDatabase();
  removeDb = database.remove;
  server = await startSubgraph(testEnv(database.url), {
    port: 0, logger: silentLogger, now: () => NOW, onQuery: (sql) => statements.push(sql),
  });
  persons = [];
  for (const name of ['赵一', '钱二', '孙三', '李四', '周五']) {
    const p = await insertPerson(server.db, name);
    await insertRecords(server.db, p.id, p.id);
    await insertConsent(server.db, {
      personId: p.id, institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN',
      categories: ['IDENTITY', 'PENALTIES', 'JUDGMENT_DEBTOR', 'HONORS', 'VOLUNTEER_SERVICE', 'INTEGRITY'],
      grantedAt: new Date('2025-06-01T00:00:00Z'), expiresAt: LATER,
    });
    persons.push(p);
  }
});

afterAll(async () => {
  await server?.close();
  removeDb?.();
});

async function run(who: ReturnType<typeof caller>, people: FixturePerson[]) {
  statements = [];
  const res = await gql(server.url, who, ENTITIES, { r: people.map((p) => ({ __typename: 'Person', id: p.id })) });
  return { res, sql: statements.map(shape) };
}

describe('loaders', () => {
  it('runs the same statements for five persons as for one, for a bank with consents', async () => {
    const bank = () => caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN');
    const one = await run(bank(), persons.slice(0, 1));
    const five = await run(bank(), persons);
    const entities = five.res.body.data?._entities as { penalties: unknown[] | null; honors: unknown[] | null }[];
    expect(entities).toHaveLength(5);
    expect(entities.every((e) => e.penalties?.length === 1 && e.honors?.length === 1)).toBe(true);
    // consents is the person's own: FORBIDDEN for the bank, once per person
    expect(five.res.body.errors?.map((e) => e.extensions?.code)).toEqual(Array(5).fill('FORBIDDEN'));
    expect(five.sql).toEqual(one.sql);
    // person, consents, 4 record categories, and the access log's one transaction
    expect(one.sql.filter((s) => /^SELECT/i.test(s))).toHaveLength(6);
    expect(one.sql.filter((s) => /^INSERT/i.test(s))).toHaveLength(1);
  });

  it('runs the same statements for five persons as for one, for a government institution', async () => {
    const gov = () => caller(institution('gov', 'GOVERNMENT', ['person:penalties', 'person:judgment-debtor']));
    const one = await run(gov(), persons.slice(0, 1));
    const five = await run(gov(), persons);
    expect(five.sql).toEqual(one.sql);
  });

  it('writes one access log entry per person for a request, whatever the number of categories', async () => {
    const requestId = 'req-batch-entries';
    await gql(server.url, { ...caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN'), requestId }, ENTITIES, {
      r: persons.map((p) => ({ __typename: 'Person', id: p.id })),
    });
    const rows = await server.db.prisma.accessLogEntry.findMany({ where: { requestId } });
    expect(rows.map((r) => r.personId).sort()).toEqual(persons.map((p) => p.id).sort());
    expect(new Set(rows.map((r) => r.categories))).toEqual(new Set(['IDENTITY,PENALTIES,JUDGMENT_DEBTOR,HONORS,VOLUNTEER_SERVICE,INTEGRITY']));
  });
});
