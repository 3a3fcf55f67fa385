/** A person grants and revokes consents; only they can, and only their own. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSubgraph } from './main.ts';
import {
  anonymous, caller, enterprise, errorCodes, freshDatabase, gql, insertPerson, insertRecords, institution, operator,
  personPrincipal, silentLogger, testEnv, type FixturePerson,
} from './test-support.ts';

let now = new Date('2025-06-15T04:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const inDays = (n: number) => new Date(now.getTime() + n * DAY).toISOString();

const GRANT = `mutation ($input: GrantConsentInput!) {
  grantConsent(input: $input) { id institutionId purpose categories grantedAt expiresAt revokedAt active }
}`;
const REVOKE = 'mutation ($id: ID!) { revokeConsent(id: $id) { id revokedAt active } }';
const BANK_VIEW = 'query ($n: String!) { person(idNumber: $n) { name penalties { id } honors { id } } }';

let server: Awaited<ReturnType<typeof startSubgraph>>;
let removeDb: () => void;
let alice: FixturePerson;
let bob: FixturePerson;
const asAlice = () => caller(personPrincipal(alice.id));
const asBank = (purpose = 'CREDIT_EASY_LOAN') => caller(institution('bank', 'FINANCIAL'), purpose);

beforeAll(async () => {
  const database = await freshDatabase();
  removeDb = database.remove;
  server = await startSubgraph(testEnv(database.url), { port: 0, logger: silentLogger, now: () => now });
  alice = await insertPerson(server.db, '张三丰');
  bob = await insertPerson(server.db, '李四');
  await insertRecords(server.db, alice.id, 'alice');
});

afterAll(async () => {
  await server?.close();
  removeDb?.();
});

const input = (over: Record<string, unknown> = {}) => ({
  institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES'], expiresAt: inDays(90), ...over,
});

describe('grantConsent and revokeConsent', () => {
  it('lets a person grant a consent that opens exactly its categories to that institution for that purpose', async () => {
    const before = await gql(server.url, asBank(), BANK_VIEW, { n: alice.idNumber });
    expect(errorCodes(before)).toEqual([['person', 'FORBIDDEN']]);

    const granted = await gql(server.url, asAlice(), GRANT, { input: input({ categories: ['IDENTITY', 'PENALTIES', 'PENALTIES'] }) });
    expect(granted.body).toEqual({
      data: {
        grantConsent: {
          id: expect.any(String), institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES'],
          grantedAt: now.toISOString(), expiresAt: inDays(90), revokedAt: null, active: true,
        },
      },
    });

    const after = await gql(server.url, asBank(), BANK_VIEW, { n: alice.idNumber });
    expect(after.body.data).toEqual({ person: { name: '张三丰', penalties: [{ id: 'alice-pen-1' }], honors: null } });
    expect(errorCodes(after)).toEqual([['person.honors', 'FORBIDDEN']]);
    expect(errorCodes(await gql(server.url, asBank('RENTAL'), BANK_VIEW, { n: alice.idNumber }))).toEqual([['person', 'FORBIDDEN']]);
  });

  it('closes the data again when the person revokes, and keeps the first revocation time', async () => {
    const granted = await gql(server.url, asAlice(), GRANT, { input: input({ institutionId: 'bank-2' }) });
    const id = (granted.body.data?.grantConsent as { id: string }).id;
    const bank2 = () => caller(institution('bank-2', 'FINANCIAL'), 'CREDIT_EASY_LOAN');
    expect(errorCodes(await gql(server.url, bank2(), BANK_VIEW, { n: alice.idNumber }))).toEqual([['person.honors', 'FORBIDDEN']]);

    const revoked = await gql(server.url, asAlice(), REVOKE, { id });
    expect(revoked.body).toEqual({ data: { revokeConsent: { id, revokedAt: now.toISOString(), active: false } } });
    expect(errorCodes(await gql(server.url, bank2(), BANK_VIEW, { n: alice.idNumber }))).toEqual([['person', 'FORBIDDEN']]);

    const firstRevocation = now;
    now = new Date(now.getTime() + 1000);
    try {
      const again = await gql(server.url, asAlice(), REVOKE, { id });
      expect(again.body).toEqual({ data: { revokeConsent: { id, revokedAt: firstRevocation.toISOString(), active: false } } });
    } finally {
      now = firstRevocation;
    }
  });

  it('answers revoking another person\'s consent and a consent that does not exist alike: FORBIDDEN', async () => {
    const granted = await gql(server.url, asAlice(), GRANT, { input: input({ institutionId: 'bank-3' }) });
    const id = (granted.body.data?.grantConsent as { id: string }).id;
    const others = await gql(server.url, caller(personPrincipal(bob.id)), REVOKE, { id });
    const missing = await gql(server.url, caller(personPrincipal(bob.id)), REVOKE, { id: 'no-such-consent' });
    expect(others.body).toEqual({ data: { revokeConsent: null }, errors: [expect.objectContaining({ path: ['revokeConsent'], extensions: { code: 'FORBIDDEN' } })] });
    expect(missing.body).toEqual(others.body);
    const still = await server.db.prisma.consent.findUnique({ where: { id } });
    expect(still?.revokedAt).toBeNull();
  });

  it.each([
    ['anonymous', anonymous],
    ['an institution', institution('bank', 'FINANCIAL')],
    ['an enterprise', enterprise],
    ['an operator', operator],
  ])('refuses grant and revoke to %s with FORBIDDEN', async (_who, principal) => {
    const grant = await gql(server.url, caller(principal, 'CREDIT_EASY_LOAN'), GRANT, { input: input() });
    const revoke = await gql(server.url, caller(principal, 'CREDIT_EASY_LOAN'), REVOKE, { id: 'x' });
    expect(errorCodes(grant)).toEqual([['grantConsent', 'FORBIDDEN']]);
    expect(errorCodes(revoke)).toEqual([['revokeConsent', 'FORBIDDEN']]);
  });

  it.each([
    ['an expiry in the past', 'EXPIRES_AT', { expiresAt: inDays(-1) }],
    ['an expiry of now', 'EXPIRES_AT', { expiresAt: inDays(0) }],
    ['an expiry more than 366 days ahead', 'EXPIRES_AT', { expiresAt: inDays(367) }],
    ['an expiry without a time zone', 'DATE_TIME_FORMAT', { expiresAt: '2025-09-01T00:00:00' }],
    ['an expiry on a day the calendar does not have', 'DATE_TIME_FORMAT', { expiresAt: '2025-09-31T00:00:00Z' }],
    ['no categories', 'CATEGORIES', { categories: [] }],
    ['an empty institution id', 'INSTITUTION_ID', { institutionId: '  ' }],
  ])('rejects %s with BAD_USER_INPUT %s', async (_what, reason, over) => {
    const before = await server.db.prisma.consent.count();
    const res = await gql(server.url, asAlice(), GRANT, { input: input(over) });
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', reason })]);
    expect(await server.db.prisma.consent.count()).toBe(before);
  });

  it('accepts an expiry exactly 366 days ahead', async () => {
    const res = await gql(server.url, asAlice(), GRANT, { input: input({ institutionId: 'bank-long', expiresAt: inDays(366) }) });
    expect(res.body.errors).toBeUndefined();
  });

  it('lists the person\'s own consents, with whether each is active', async () => {
    const res = await gql(server.url, caller(personPrincipal(bob.id)), `mutation { grantConsent(input: {
      institutionId: "bank", purpose: RENTAL, categories: [INTEGRITY], expiresAt: "${inDays(10)}" }) { id } }`);
    const id = (res.body.data?.grantConsent as { id: string }).id;
    const list = await gql(server.url, caller(personPrincipal(bob.id)), 'query ($n: String!) { person(idNumber: $n) { consents { id institutionId purpose categories active } } }', { n: bob.idNumber });
    expect(list.body).toEqual({ data: { person: { consents: [{ id, institutionId: 'bank', purpose: 'RENTAL', categories: ['INTEGRITY'], active: true }] } } });

    now = new Date(now.getTime() + 11 * DAY);
    try {
      const later = await gql(server.url, caller(personPrincipal(bob.id)), 'query ($n: String!) { person(idNumber: $n) { consents { id active } } }', { n: bob.idNumber });
      expect(later.body).toEqual({ data: { person: { consents: [{ id, active: false }] } } });
    } finally {
      now = new Date(now.getTime() - 11 * DAY);
    }
  });
});
