/**
 * Same-city treatment over the running subgraph: a person obtains an integrity code, a partner
 * city verifies it online once; forged, expired, spent and misused codes are answers, not errors.
 */
import { createHash, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import { loadOrCreateDemoProvider, type DemoIdentityProvider } from '../../lib/tokens.ts';
import { signIntegrityCode, verifyIntegrityCodeOffline } from './integrity-code.ts';
import { startSubgraph } from './main.ts';
import {
  anonymous, caller, enterprise, errorCodes, freshDatabase, gql, insertPerson, institution, integrityKeys, operator,
  personPrincipal, silentLogger, testEnv, type FixturePerson,
} from './test-support.ts';

const START = new Date('2025-06-15T04:00:00Z');
let now = START;
const later = (seconds: number) => new Date(START.getTime() + seconds * 1000);

const ISSUE = 'mutation { issueIntegrityCode { code expiresAt grade holderSalt } }';
const VERIFY = `query ($code: String!, $idNumber: String) {
  verifyIntegrityCode(code: $code, idNumber: $idNumber) { valid grade city expiresAt holderMatches reason }
}`;

let server: Awaited<ReturnType<typeof startSubgraph>>;
let removeDb: () => void;
let strangerDir: string;
let stranger: DemoIdentityProvider;
let alice: FixturePerson;
let bob: FixturePerson;
let statements: string[] = [];

const partnerCity = (id = 'wenzhou') => caller(institution(id, 'PARTNER_CITY'));

beforeAll(async () => {
  const database = await freshDatabase();
  removeDb = database.remove;
  server = await startSubgraph(testEnv(database.url), {
    port: 0, logger: silentLogger, now: () => now, onQuery: (sql) => statements.push(sql),
  });
  alice = await insertPerson(server.db, '张三丰');
  bob = await insertPerson(server.db, '李四');
  strangerDir = mkdtempSync(join(tmpdir(), 'same-city-stranger-'));
  stranger = await loadOrCreateDemoProvider(join(strangerDir, 'key.json'));
});

afterAll(async () => {
  await server?.close();
  removeDb?.();
  rmSync(strangerDir, { recursive: true, force: true });
});

interface Issued { code: string; expiresAt: string; grade: string; holderSalt: string }

async function issue(person: FixturePerson = alice): Promise<Issued> {
  const res = await gql(server.url, caller(personPrincipal(person.id)), ISSUE);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.issueIntegrityCode as Issued;
}

const verify = (code: string, idNumber?: string | null, who = partnerCity()) =>
  gql(server.url, who, VERIFY, { code, ...(idNumber === undefined ? {} : { idNumber }) });

const spentRow = (code: string) => server.db.prisma.spentIntegrityCode.findUnique({ where: { jti: decodeJwt(code).jti as string } });

describe('issueIntegrityCode', () => {
  it('gives the signed-in person a 5-minute code that carries only grade, city, expiry, token id and holder binding', async () => {
    const who = caller(personPrincipal(alice.id));
    const res = await gql(server.url, who, ISSUE);
    const issued = res.body.data?.issueIntegrityCode as Issued;
    expect(res.body).toEqual({
      data: { issueIntegrityCode: { code: expect.any(String), expiresAt: later(300).toISOString(), grade: 'AA', holderSalt: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) } },
    });
    expect(decodeProtectedHeader(issued.code)).toEqual({ alg: 'EdDSA', typ: 'integrity-code+jwt', kid: integrityKeys.privateJwk.kid });
    const claims = decodeJwt(issued.code);
    expect(Object.keys(claims).sort()).toEqual(['city', 'exp', 'grade', 'hb', 'hk', 'hs', 'iat', 'jti']);
    expect(claims).toMatchObject({
      grade: 'AA', city: '330500', iat: START.getTime() / 1000, exp: START.getTime() / 1000 + 300, hs: issued.holderSalt,
      hk: { alg: 'scrypt', N: 16_384, r: 8, p: 1 },
    });
    // The binding is scrypt over the holder's ID number with the stated salt and parameters.
    expect(claims.hb).toBe(scryptSync(alice.idNumber, issued.holderSalt, 32, { N: 16_384, r: 8, p: 1 }).toString('base64url'));
    const payload = Buffer.from(issued.code.split('.')[1]!, 'base64url').toString();
    for (const secret of [alice.idNumber, alice.id, alice.name]) expect(payload).not.toContain(secret);

    expect(await server.db.prisma.integrityCodeIssue.findUnique({ where: { jti: claims.jti as string } })).toEqual({
      jti: claims.jti, personId: alice.id, grade: 'AA', issuedAt: START, expiresAt: later(300),
    });
    const log = await server.db.prisma.accessLogEntry.findMany({ where: { requestId: who.requestId } });
    expect(log.map((e) => [e.personId, e.accessorKind, e.categories, e.basis, e.purpose])).toEqual([[alice.id, 'PERSON', 'INTEGRITY', 'SELF', null]]);
  });

  it('makes a code a partner city can verify offline with the published key set and the holder\'s ID', async () => {
    const { code } = await issue();
    expect(await verifyIntegrityCodeOffline(code, integrityKeys.jwks, { now: later(60), idNumber: alice.idNumber }))
      .toMatchObject({ valid: true, holderMatches: true, claims: { grade: 'AA', city: '330500' } });
    expect(await verifyIntegrityCodeOffline(code, integrityKeys.jwks, { now: later(60), idNumber: bob.idNumber }))
      .toMatchObject({ valid: false, reason: 'HOLDER_MISMATCH', holderMatches: false });
  });

  it.each([
    ['anonymous', anonymous],
    ['a partner city', institution('wenzhou', 'PARTNER_CITY')],
    ['an enterprise', enterprise],
    ['an operator', operator],
    ['a sign-in with no person record', personPrincipal('p-nobody')],
  ])('refuses %s with FORBIDDEN and issues nothing', async (_who, principal) => {
    const before = await server.db.prisma.integrityCodeIssue.count();
    const res = await gql(server.url, caller(principal), ISSUE);
    expect(res.body).toEqual({ data: { issueIntegrityCode: null }, errors: [expect.objectContaining({ path: ['issueIntegrityCode'], extensions: { code: 'FORBIDDEN' } })] });
    expect(await server.db.prisma.integrityCodeIssue.count()).toBe(before);
  });
});

describe('verifyIntegrityCode', () => {
  it('accepts a fresh code once, logs the grade\'s disclosure to that city, and answers SPENT after', async () => {
    const { code } = await issue();
    const city = partnerCity('wenzhou');
    const first = await verify(code, alice.idNumber, city);
    expect(first.body).toEqual({
      data: { verifyIntegrityCode: { valid: true, grade: 'AA', city: '330500', expiresAt: later(300).toISOString(), holderMatches: true, reason: null } },
    });
    expect(await spentRow(code)).toEqual({ jti: decodeJwt(code).jti, institutionId: 'wenzhou', spentAt: START });
    const log = await server.db.prisma.accessLogEntry.findMany({ where: { requestId: city.requestId } });
    expect(log.map((e) => [e.personId, e.accessorKind, e.institutionId, e.categories, e.basis, e.purpose, e.consentId])).toEqual([
      [alice.id, 'INSTITUTION', 'wenzhou', 'INTEGRITY', 'INTEGRITY_CODE', 'SAME_CITY_TREATMENT', null],
    ]);

    const again = partnerCity('jiaxing');
    expect((await verify(code, alice.idNumber, again)).body).toEqual({
      data: { verifyIntegrityCode: { valid: false, grade: null, city: '330500', expiresAt: later(300).toISOString(), holderMatches: true, reason: 'SPENT' } },
    });
    expect(await server.db.prisma.accessLogEntry.count({ where: { requestId: again.requestId } })).toBe(0);
  });

  it('shows the person, in their access log, which partner city verified their code', async () => {
    const { code } = await issue(bob);
    const city = partnerCity('jinhua');
    await verify(code, bob.idNumber, city);
    const res = await gql(server.url, caller(personPrincipal(bob.id)), `query ($n: String!) { person(idNumber: $n) {
      accessLog(first: 10) { edges { node { accessorKind institutionId institutionName categories purpose consentId basis requestId } } } } }`, { n: bob.idNumber });
    const nodes = (res.body.data?.person as { accessLog: { edges: { node: Record<string, unknown> }[] } }).accessLog.edges.map((e) => e.node);
    expect(nodes.filter((n) => n.requestId === city.requestId)).toEqual([{
      accessorKind: 'INSTITUTION', institutionId: 'jinhua', institutionName: 'jinhua name', categories: ['INTEGRITY'],
      purpose: 'SAME_CITY_TREATMENT', consentId: null, basis: 'INTEGRITY_CODE', requestId: city.requestId,
    }]);
  });

  it('accepts a code without an ID number, leaving holderMatches null', async () => {
    const { code } = await issue();
    expect((await verify(code)).body).toEqual({
      data: { verifyIntegrityCode: { valid: true, grade: 'AA', city: '330500', expiresAt: later(300).toISOString(), holderMatches: null, reason: null } },
    });
  });

  it('refuses a copied code shown with someone else\'s ID, without spending it, so the holder can still use it', async () => {
    const { code } = await issue();
    expect((await verify(code, bob.idNumber)).body).toEqual({
      data: { verifyIntegrityCode: { valid: false, grade: null, city: '330500', expiresAt: later(300).toISOString(), holderMatches: false, reason: 'HOLDER_MISMATCH' } },
    });
    expect(await spentRow(code)).toBeNull();
    expect((await verify(code, alice.idNumber)).body.data).toEqual({
      verifyIntegrityCode: expect.objectContaining({ valid: true, holderMatches: true }),
    });
  });

  it.each([
    ['malformed', '33010219880517', 'ID_NUMBER_FORMAT'],
    ['off by its check digit', () => alice.idNumber.slice(0, 17) + (alice.idNumber.endsWith('0') ? '1' : '0'), 'ID_NUMBER_CHECK_DIGIT'],
  ])('answers an ID number %s with BAD_USER_INPUT and leaves the code unspent', async (_what, bad, reason) => {
    const { code } = await issue();
    const res = await verify(code, typeof bad === 'function' ? bad() : bad);
    expect(res.body.data).toEqual({ verifyIntegrityCode: null });
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', reason })]);
    expect(await spentRow(code)).toBeNull();
  });

  it('answers EXPIRED once the expiry is 5 seconds past, and does not spend the code', async () => {
    const { code } = await issue();
    try {
      now = later(305);
      expect((await verify(code, alice.idNumber)).body).toEqual({
        data: { verifyIntegrityCode: { valid: false, grade: null, city: '330500', expiresAt: later(300).toISOString(), holderMatches: true, reason: 'EXPIRED' } },
      });
      expect(await spentRow(code)).toBeNull();
      now = later(304);
      expect((await verify(code, alice.idNumber)).body.data).toEqual({ verifyIntegrityCode: expect.objectContaining({ valid: true }) });
    } finally {
      now = START;
    }
  });

  it('answers FORGED for a code signed with another key, even one naming a real token id and our kid', async () => {
    const { code } = await issue();
    const real = decodeJwt(code);
    const forged = await signIntegrityCode({ ...stranger.privateJwk, kid: integrityKeys.privateJwk.kid }, {
      grade: 'AAA', city: '330500', idNumber: alice.idNumber, now, ttlSeconds: 300, jti: real.jti as string,
    });
    expect((await verify(forged.code, alice.idNumber)).body).toEqual({
      data: { verifyIntegrityCode: { valid: false, grade: null, city: null, expiresAt: null, holderMatches: null, reason: 'FORGED' } },
    });
    expect(await spentRow(code)).toBeNull();
  });

  it('answers FORGED for a code with a changed payload, and MALFORMED for something that is no code', async () => {
    const { code } = await issue();
    const [header, payload, signature] = code.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, grade: 'AAA' })).toString('base64url')}.${signature}`;
    expect((await verify(tampered)).body.data).toEqual({ verifyIntegrityCode: expect.objectContaining({ valid: false, reason: 'FORGED', grade: null }) });
    expect((await verify('not-a-code')).body).toEqual({
      data: { verifyIntegrityCode: { valid: false, grade: null, city: null, expiresAt: null, holderMatches: null, reason: 'MALFORMED' } },
    });
  });

  it('answers OUTDATED for a genuine code of the SHA-256 binding of before, and does not spend it', async () => {
    const { code } = await issue();
    const { hk: _hk, ...claims } = decodeJwt(code);
    const sha256Bound = await new SignJWT({ ...claims, hb: createHash('sha256').update(`${claims.hs}:${alice.idNumber}`).digest('base64url') })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'integrity-code+jwt', kid: integrityKeys.privateJwk.kid })
      .sign(await importJWK(integrityKeys.privateJwk, 'EdDSA'));
    expect((await verify(sha256Bound, alice.idNumber)).body).toEqual({
      data: { verifyIntegrityCode: { valid: false, grade: null, city: null, expiresAt: null, holderMatches: null, reason: 'OUTDATED' } },
    });
    expect(await spentRow(code)).toBeNull();
  });

  it('answers FORGED for a code signed with our key that this platform never issued (a leaked key)', async () => {
    const unissued = await signIntegrityCode(integrityKeys.privateJwk, { grade: 'AAA', city: '330500', idNumber: bob.idNumber, now, ttlSeconds: 300 });
    expect((await verify(unissued.code, bob.idNumber)).body.data).toEqual({
      verifyIntegrityCode: { valid: false, grade: null, city: null, expiresAt: null, holderMatches: null, reason: 'FORGED' },
    });
    expect(await spentRow(unissued.code)).toBeNull();
  });

  it.each([
    ['anonymous', anonymous],
    ['a bank', institution('bank', 'FINANCIAL')],
    ['a government institution', institution('gov', 'GOVERNMENT', ['person:integrity'])],
    ['a credit service agency', institution('agency', 'CREDIT_SERVICE')],
    ['a partner-city scope on an institution of another kind', institution('bank', 'FINANCIAL', ['institution:partner_city'])],
    ['the holder themself', personPrincipal('p-any')],
    ['an enterprise', enterprise],
    ['an operator', operator],
  ])('refuses %s with FORBIDDEN and leaves the code unspent', async (_who, principal) => {
    const { code } = await issue();
    const res = await verify(code, alice.idNumber, caller(principal));
    expect(res.body).toEqual({ data: { verifyIntegrityCode: null }, errors: [expect.objectContaining({ path: ['verifyIntegrityCode'], extensions: { code: 'FORBIDDEN' } })] });
    expect(await spentRow(code)).toBeNull();
  });

  it('lets exactly one of 10 concurrent verifications of one code succeed', async () => {
    const { code } = await issue();
    const cities = Array.from({ length: 10 }, (_, i) => partnerCity(`city-${i}`));
    const answers = await Promise.all(cities.map((city) => verify(code, alice.idNumber, city)));
    const results = answers.map((a) => a.body.data?.verifyIntegrityCode as { valid: boolean; reason: string | null });
    expect(results.filter((r) => r.valid)).toHaveLength(1);
    expect(results.filter((r) => !r.valid).map((r) => r.reason)).toEqual(Array(9).fill('SPENT'));
    expect(await server.db.prisma.spentIntegrityCode.count({ where: { jti: decodeJwt(code).jti as string } })).toBe(1);
    const log = await server.db.prisma.accessLogEntry.findMany({ where: { requestId: { in: cities.map((c) => c.requestId) } } });
    const winner = cities[results.findIndex((r) => r.valid)]!;
    expect(log.map((e) => [e.requestId, e.basis])).toEqual([[winner.requestId, 'INTEGRITY_CODE']]);
  });

  it('looks up every code of one request in one statement', async () => {
    const codes = await Promise.all([issue(alice), issue(bob), issue(alice)]);
    const many = `query ($a: String!, $b: String!, $c: String!) {
      a: verifyIntegrityCode(code: $a) { valid } b: verifyIntegrityCode(code: $b) { valid } c: verifyIntegrityCode(code: $c) { valid }
    }`;
    statements = [];
    const res = await gql(server.url, partnerCity(), many, { a: codes[0].code, b: codes[1].code, c: codes[2].code });
    expect(res.body).toEqual({ data: { a: { valid: true }, b: { valid: true }, c: { valid: true } } });
    expect(statements.filter((s) => /FROM .*IntegrityCodeIssue/.test(s))).toHaveLength(1);
  });

  it('refuses an unsigned request with 401 UNAUTHENTICATED', async () => {
    const { code } = await issue();
    const res = await gql(server.url, null, VERIFY, { code });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await spentRow(code)).toBeNull();
  });
});
