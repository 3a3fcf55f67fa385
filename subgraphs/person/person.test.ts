/**
 * Who sees what of a person: every kind of caller × `person(idNumber)` and `_entities`, field by
 * field, with whole-response assertions and a scan of the raw response for anything that leaked.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Caller, Principal } from '../../lib/caller.ts';
import { makeIdNumber } from '../../lib/identifiers/id-number.ts';
import { maskIdNumber, maskName } from '../../lib/identifiers/masking.ts';
import type { Db } from './db/client.ts';
import { startSubgraph } from './main.ts';
import {
  anonymous, caller, enterprise, errorCodes, freshDatabase, gql, insertConsent, insertPerson, insertRecords,
  institution, operator, personPrincipal, silentLogger, testEnv, type FixturePerson,
} from './test-support.ts';

const NOW = new Date('2025-06-15T04:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const days = (n: number) => new Date(NOW.getTime() + n * DAY);

const PERSON_FIELDS = `
  id name idNumber regionCode
  penalties { id violation publicityEndDate }
  judgmentDebtor { listed cases { id obligation } }
  honors { id title }
  volunteerService { totalHours records { id activity } }
  integrity { score grade updatedOn }
  accessLog { __typename }
  consents { id active }
`;
const BY_ID_NUMBER = `query ($idNumber: String!) { person(idNumber: $idNumber) { ${PERSON_FIELDS} } }`;
const BY_REFERENCE = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { ${PERSON_FIELDS} } } }`;

type Field = 'penalties' | 'judgmentDebtor' | 'honors' | 'volunteerService' | 'integrity' | 'accessLog' | 'consents';
const ALL_FIELDS: Field[] = ['penalties', 'judgmentDebtor', 'honors', 'volunteerService', 'integrity', 'accessLog', 'consents'];

interface Expectation {
  /** May look the person up by ID number. */
  lookUp: boolean;
  fullName: boolean;
  fullIdNumber: boolean;
  fields: Field[];
}

const NOTHING: Expectation = { lookUp: false, fullName: false, fullIdNumber: false, fields: [] };

let server: Awaited<ReturnType<typeof startSubgraph>>;
let db: Db;
let removeDb: () => void;
let alice: FixturePerson;
let bob: FixturePerson;
let aliceSecrets: string[];
let statements: string[] = [];

/** The SQL statements one request ran (their text: parameters are not part of it). */
async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  statements = [];
  const result = await fn();
  return { result, sql: statements };
}

beforeAll(async () => {
  const database = await freshDatabase();
  removeDb = database.remove;
  server = await startSubgraph(testEnv(database.url), {
    port: 0, logger: silentLogger, now: () => NOW, onQuery: (sql) => statements.push(sql),
  });
  db = server.db;
  alice = await insertPerson(db, '张三丰');
  bob = await insertPerson(db, '李四');
  aliceSecrets = await insertRecords(db, alice.id, 'alice');
  await insertRecords(db, bob.id, 'bob');
  await insertConsent(db, { personId: alice.id, institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES', 'INTEGRITY'], grantedAt: days(-10), expiresAt: days(30), id: 'c-bank' });
  await insertConsent(db, { personId: alice.id, institutionId: 'bank-expired', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES', 'HONORS'], grantedAt: days(-400), expiresAt: days(-1), id: 'c-expired' });
  await insertConsent(db, { personId: alice.id, institutionId: 'bank-revoked', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES', 'HONORS'], grantedAt: days(-20), expiresAt: days(100), revokedAt: days(-2), id: 'c-revoked' });
});

afterAll(async () => {
  await server?.close();
  removeDb?.();
});

const gov = institution('gov-court', 'GOVERNMENT', ['person:penalties', 'person:judgment-debtor', 'enterprise:read']);

const MATRIX: [string, () => Caller, Expectation][] = [
  ['anonymous', () => caller(anonymous), NOTHING],
  ['a bank with consent, for the consented purpose', () => caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN'),
    { lookUp: true, fullName: true, fullIdNumber: false, fields: ['penalties', 'integrity'] }],
  ['a bank with consent, for another purpose', () => caller(institution('bank', 'FINANCIAL'), 'CREDIT_CHECK'), NOTHING],
  ['a bank with consent, stating no purpose', () => caller(institution('bank', 'FINANCIAL')), NOTHING],
  ['a bank whose consent expired', () => caller(institution('bank-expired', 'FINANCIAL'), 'CREDIT_EASY_LOAN'), NOTHING],
  ['a bank whose consent was revoked', () => caller(institution('bank-revoked', 'FINANCIAL'), 'CREDIT_EASY_LOAN'), NOTHING],
  ['a bank without consent', () => caller(institution('bank-other', 'FINANCIAL'), 'CREDIT_EASY_LOAN'), NOTHING],
  ['a government institution with person scopes', () => caller(gov, 'CREDIT_CHECK'),
    { lookUp: true, fullName: true, fullIdNumber: false, fields: ['penalties', 'judgmentDebtor'] }],
  ['a government institution without a person scope', () => caller(institution('gov-tax', 'GOVERNMENT', ['enterprise:read'])), NOTHING],
  ['a credit service agency', () => caller(institution('agency', 'CREDIT_SERVICE'), 'CREDIT_CHECK'), NOTHING],
  ['a credit service agency claiming a person scope', () => caller(institution('agency', 'CREDIT_SERVICE', ['person:penalties']), 'CREDIT_CHECK'), NOTHING],
  ['the person themself', () => caller(personPrincipal(alice.id)),
    { lookUp: true, fullName: true, fullIdNumber: true, fields: ALL_FIELDS }],
  ['another person', () => caller(personPrincipal(bob.id)), NOTHING],
  ['an enterprise', () => caller(enterprise), NOTHING],
  ['an operator', () => caller(operator), NOTHING],
];

/** Alice as `who` should see her, field by field; null for a field withheld. */
function expectedAlice(e: Expectation): Record<string, unknown> {
  const self = e.fullIdNumber;
  const has = (f: Field) => e.fields.includes(f);
  return {
    id: alice.id,
    name: e.fullName ? '张三丰' : maskName('张三丰'),
    idNumber: e.fullIdNumber ? alice.idNumber : maskIdNumber(alice.idNumber),
    regionCode: '330102',
    penalties: has('penalties')
      ? [
        { id: 'alice-pen-1', violation: 'alice sold unlabelled goods', publicityEndDate: '2025-12-01' },
        ...(self ? [{ id: 'alice-pen-old', violation: 'alice old overload', publicityEndDate: '2021-04-10' }] : []),
      ]
      : null,
    judgmentDebtor: has('judgmentDebtor')
      ? {
        listed: true,
        cases: [
          { id: 'alice-jd-1', obligation: 'alice repay 50000 yuan' },
          ...(self ? [{ id: 'alice-jd-old', obligation: 'alice old debt' }] : []),
        ],
      }
      : null,
    honors: has('honors') ? [{ id: 'alice-hon-1', title: 'alice model worker' }] : null,
    volunteerService: has('volunteerService')
      ? { totalHours: 7.5, records: [{ id: 'alice-vol-2', activity: 'alice reading club' }, { id: 'alice-vol-1', activity: 'alice blood drive' }] }
      : null,
    integrity: has('integrity') ? { score: 860, grade: 'AA', updatedOn: '2025-05-01' } : null,
    accessLog: has('accessLog') ? { __typename: 'AccessLogConnection' } : null,
    consents: has('consents')
      ? [{ id: 'c-bank', active: true }, { id: 'c-revoked', active: false }, { id: 'c-expired', active: false }]
      : null,
  };
}

const withheld = (prefix: string, e: Expectation): [string, unknown][] =>
  ALL_FIELDS.filter((f) => !e.fields.includes(f)).map((f) => [`${prefix}.${f}`, 'FORBIDDEN'] as [string, unknown]).sort(([a], [b]) => (a < b ? -1 : 1));

/** Nothing the caller may not see appears anywhere in the raw response. */
function expectNoLeak(raw: string, e: Expectation): void {
  if (!e.fullName) expect(raw).not.toContain('张三丰');
  if (!e.fullIdNumber) expect(raw).not.toContain(alice.idNumber);
  const [penalty, debt, honor, volunteer] = aliceSecrets;
  if (!e.fields.includes('penalties')) expect(raw).not.toContain(penalty);
  if (!e.fields.includes('judgmentDebtor')) expect(raw).not.toContain(debt);
  if (!e.fields.includes('honors')) expect(raw).not.toContain(honor);
  if (!e.fields.includes('volunteerService')) expect(raw).not.toContain(volunteer);
  if (!e.fields.includes('integrity')) expect(raw).not.toMatch(/"score"|"grade"/);
  if (!e.fields.includes('consents')) expect(raw).not.toContain('c-bank');
  // Past its publicity period, or off the list: only the person sees these.
  if (!e.fullIdNumber) expect(raw).not.toContain('alice old');
}

describe('person(idNumber)', () => {
  it.each(MATRIX)('answers %s with exactly what it may see', async (_who, who, e) => {
    const res = await gql(server.url, who(), BY_ID_NUMBER, { idNumber: alice.idNumber });
    expect(res.status).toBe(200);
    if (!e.lookUp) {
      expect(res.body).toEqual({
        data: { person: null },
        errors: [expect.objectContaining({ path: ['person'], extensions: { code: 'FORBIDDEN' } })],
      });
    } else {
      expect(res.body.data).toEqual({ person: expectedAlice(e) });
      expect(errorCodes(res)).toEqual(withheld('person', e));
    }
    expectNoLeak(JSON.stringify(res.body), e);
  });

  it.each(MATRIX.filter(([, , e]) => !e.lookUp))(
    'returns the same FORBIDDEN to %s for an ID number nobody has, after the same statements',
    async (_who, who) => {
      const unknown = makeIdNumber('330102', '19700101', 999);
      const known = await statementsOf(() => gql(server.url, who(), BY_ID_NUMBER, { idNumber: alice.idNumber }));
      const missing = await statementsOf(() => gql(server.url, who(), BY_ID_NUMBER, { idNumber: unknown }));
      expect(missing.result.body).toEqual(known.result.body);
      expect(missing.sql).toEqual(known.sql);
      expect(known.sql.length).toBeGreaterThan(0);
    },
  );

  it('answers null without an error to a government institution with a person scope for an ID number nobody has', async () => {
    const res = await gql(server.url, caller(gov), 'query ($n: String!) { person(idNumber: $n) { id } }', { n: makeIdNumber('330102', '19700101', 999) });
    expect(res.body).toEqual({ data: { person: null } });
  });

  it('returns FORBIDDEN to a person looking up an ID number nobody has', async () => {
    const res = await gql(server.url, caller(personPrincipal(alice.id)), 'query ($n: String!) { person(idNumber: $n) { id } }', { n: makeIdNumber('330102', '19700101', 999) });
    expect(errorCodes(res)).toEqual([['person', 'FORBIDDEN']]);
    expect(res.body.data).toEqual({ person: null });
  });

  it('accepts a lower-case x check character and surrounding spaces', async () => {
    const withX = makeIdNumber('110105', '19491231', 2);
    expect(withX.endsWith('X')).toBe(true);
    const carol = await insertPersonWithNumber(withX);
    const res = await gql(server.url, caller(personPrincipal(carol)), 'query ($n: String!) { person(idNumber: $n) { id idNumber } }', { n: ` ${withX.toLowerCase()} ` });
    expect(res.body).toEqual({ data: { person: { id: carol, idNumber: withX } } });
  });

  it.each([
    ['12345', 'ID_NUMBER_FORMAT'],
    ['33010219880517100A', 'ID_NUMBER_FORMAT'],
    ['330102198813171001', 'ID_NUMBER_FORMAT'],
    [`${makeIdNumber('330102', '19880517', 100).slice(0, 17)}${makeIdNumber('330102', '19880517', 100).endsWith('0') ? '1' : '0'}`, 'ID_NUMBER_CHECK_DIGIT'],
  ])('rejects the ID number %s with BAD_USER_INPUT %s', async (idNumber, reason) => {
    const res = await gql(server.url, caller(personPrincipal(alice.id)), 'query ($n: String!) { person(idNumber: $n) { id } }', { n: idNumber });
    expect(res.body).toEqual({
      data: { person: null },
      errors: [expect.objectContaining({ path: ['person'], extensions: { code: 'BAD_USER_INPUT', reason } })],
    });
    expect(JSON.stringify(res.body)).not.toContain(idNumber);
  });

  it('answers /healthz and, with the migrations applied, /readyz', async () => {
    const base = server.url.replace(/\/graphql$/, '');
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', service: 'person' });
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', service: 'person' }]);
  });

  it('refuses an unsigned request with 401 UNAUTHENTICATED', async () => {
    const res = await gql(server.url, null, BY_ID_NUMBER, { idNumber: alice.idNumber });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res.body)).not.toContain('张三丰');
  });
});

describe('Person entity (_entities), e.g. an enterprise\'s legal representative', () => {
  it.each(MATRIX)('resolves for %s, showing only what it may see', async (_who, who, e) => {
    const res = await gql(server.url, who(), BY_REFERENCE, { representations: [{ __typename: 'Person', id: alice.id }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ _entities: [expectedAlice(e)] });
    expect(errorCodes(res)).toEqual(withheld('_entities.0', e));
    expectNoLeak(JSON.stringify(res.body), e);
  });

  it('resolves an unknown id to null', async () => {
    const res = await gql(server.url, caller(anonymous), BY_REFERENCE, { representations: [{ __typename: 'Person', id: 'p-nobody' }] });
    expect(res.body).toEqual({ data: { _entities: [null] } });
  });

  it('keeps one person\'s consent from opening another person\'s data', async () => {
    const res = await gql(server.url, caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN'), BY_REFERENCE, {
      representations: [{ __typename: 'Person', id: alice.id }, { __typename: 'Person', id: bob.id }],
    });
    const [a, b] = (res.body.data?._entities ?? []) as Record<string, unknown>[];
    expect(a?.name).toBe('张三丰');
    expect(a?.penalties).not.toBeNull();
    expect(b).toMatchObject({ name: maskName('李四'), idNumber: maskIdNumber(bob.idNumber), penalties: null, integrity: null });
    expect(JSON.stringify(res.body)).not.toContain('bob sold');
    expect(errorCodes(res)).toContainEqual(['_entities.1.penalties', 'FORBIDDEN']);
  });
});

async function insertPersonWithNumber(idNumber: string): Promise<string> {
  const { encryptIdNumber, idNumberHmac } = await import('../../lib/identifiers/id-number-crypto.ts');
  const { ENCRYPTION_KEY, HMAC_SECRET } = await import('./test-support.ts');
  const id = `p-x-${idNumber.slice(-4)}`;
  await db.prisma.person.create({
    data: {
      id, idHash: idNumberHmac(idNumber, HMAC_SECRET), idCipher: encryptIdNumber(idNumber, ENCRYPTION_KEY),
      idMasked: maskIdNumber(idNumber), name: '王五', nameMasked: maskName('王五'), regionCode: idNumber.slice(0, 6),
      integrityScore: 700, integrityGrade: 'A', integrityUpdatedOn: '2025-01-01',
    },
  });
  return id;
}
