/**
 * Who may see what, walked as a matrix through the real gateway: every kind of principal against
 * every protected field of a person, plus the enterprise-side rules. Then the attacks: forged,
 * expired and wrong-audience tokens, a revoked key, person A reading person B, fragments, aliases,
 * the legal-representative path, `_entities`, and a subgraph called directly.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, exportJWK, SignJWT } from 'jose';
import { mintToken } from '../lib/tokens.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiKey, bearer, startStack, type GraphQLBody, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => { stack = await startStack(); });
afterAll(async () => { await stack?.close(); });

const PERSON = `query($id: String!) { person(idNumber: $id) {
  id name idNumber
  penalties { id } judgmentDebtor { listed } honors { id } volunteerService { totalHours } integrity { grade }
  accessLog { edges { node { id } } } consents { id }
} }`;
const RECORD_FIELDS = ['penalties', 'judgmentDebtor', 'honors', 'volunteerService', 'integrity'] as const;
const SELF_FIELDS = ['accessLog', 'consents'] as const;

type Who = 'anonymous' | 'bank with consent' | 'bank without purpose' | 'bank, other person' | 'government' | 'credit service'
  | 'industry association' | 'partner city' | 'the person' | 'another person' | 'an enterprise' | 'an operator';

function headersFor(who: Who): Record<string, string> {
  const c = stack.credentials;
  switch (who) {
    case 'anonymous': return {};
    case 'bank with consent': return apiKey(c.institutions.FINANCIAL.apiKey, 'CREDIT_EASY_LOAN');
    case 'bank without purpose': return apiKey(c.institutions.FINANCIAL.apiKey);
    case 'bank, other person': return apiKey(c.institutions.FINANCIAL.apiKey, 'CREDIT_EASY_LOAN');
    case 'government': return apiKey(c.institutions.GOVERNMENT.apiKey);
    case 'credit service': return apiKey(c.institutions.CREDIT_SERVICE.apiKey, 'CREDIT_CHECK');
    case 'industry association': return apiKey(c.institutions.INDUSTRY_ASSOCIATION.apiKey);
    case 'partner city': return apiKey(c.institutions.PARTNER_CITY.apiKey, 'SAME_CITY_TREATMENT');
    case 'the person': return bearer(c.persons[2]!.token);
    case 'another person': return bearer(c.persons[1]!.token);
    case 'an enterprise': return bearer(c.enterprises[0]!.token);
    case 'an operator': return bearer(c.operator.token);
  }
}

const codesAt = (body: GraphQLBody) => Object.fromEntries((body.errors ?? []).map((e) => [(e.path ?? []).join('.'), e.extensions?.code]));

describe('person(idNumber) for every kind of caller', () => {
  // persons[2] consented to the FINANCIAL institution (all categories, purpose CREDIT_EASY_LOAN).
  const denied: Who[] = ['anonymous', 'bank without purpose', 'bank, other person', 'credit service', 'industry association',
    'partner city', 'another person', 'an enterprise', 'an operator'];

  it.each(denied)('gives %s null and FORBIDDEN, disclosing nothing', async (who) => {
    const target = who === 'bank, other person' ? stack.credentials.persons[1]! : stack.credentials.persons[2]!;
    const { status, body } = await stack.query(PERSON, { variables: { id: target.idNumber }, headers: headersFor(who) });
    expect(status).toBe(200);
    expect(body.data).toEqual({ person: null });
    expect(codesAt(body)).toEqual({ person: 'FORBIDDEN' });
    expect(JSON.stringify(body)).not.toContain(target.idNumber.slice(6, 14));
  });

  it('gives the same FORBIDDEN for a person who does not exist, so existence is not disclosed', async () => {
    const { body } = await stack.query(PERSON, { variables: { id: '11010519491231002X' }, headers: headersFor('credit service') });
    expect(body.data).toEqual({ person: null });
    expect(codesAt(body)).toEqual({ person: 'FORBIDDEN' });
  });

  it('shows the person everything, their own full ID number, access log and consents', async () => {
    const p = stack.credentials.persons[2]!;
    const { body } = await stack.query(PERSON, { variables: { id: p.idNumber }, headers: headersFor('the person') });
    expect(body.errors).toBeUndefined();
    expect(body.data!.person.id).toBe(p.id);
    expect(body.data!.person.idNumber).toBe(p.idNumber);
    for (const f of [...RECORD_FIELDS, ...SELF_FIELDS]) expect(body.data!.person[f]).not.toBeNull();
  });

  it('shows the bank with consent the records, a masked ID number, and withholds the log and consents', async () => {
    const p = stack.credentials.persons[2]!;
    const { body } = await stack.query(PERSON, { variables: { id: p.idNumber }, headers: headersFor('bank with consent') });
    const person = body.data!.person;
    expect(person.id).toBe(p.id);
    expect(person.idNumber).toBe(`${p.idNumber.slice(0, 6)}********${p.idNumber.slice(14)}`);
    for (const f of RECORD_FIELDS) expect(person[f]).not.toBeNull();
    expect(person.accessLog).toBeNull();
    expect(person.consents).toBeNull();
    expect(codesAt(body)).toEqual({ 'person.accessLog': 'FORBIDDEN', 'person.consents': 'FORBIDDEN' });
  });

  it('shows government its statutory categories only', async () => {
    const p = stack.credentials.persons[2]!;
    const { body } = await stack.query(PERSON, { variables: { id: p.idNumber }, headers: headersFor('government') });
    const person = body.data!.person;
    expect(person.penalties).not.toBeNull();
    expect(person.judgmentDebtor).not.toBeNull();
    // A statutory scope opens the full name (IDENTITY), never the whole ID number.
    const self = await stack.query(PERSON, { variables: { id: p.idNumber }, headers: headersFor('the person') });
    expect(person.name).toBe(self.body.data!.person.name);
    expect(person.name).not.toContain('*');
    expect(person.idNumber).toBe(`${p.idNumber.slice(0, 6)}********${p.idNumber.slice(14)}`);
    expect(codesAt(body)).toEqual({
      'person.honors': 'FORBIDDEN', 'person.volunteerService': 'FORBIDDEN', 'person.integrity': 'FORBIDDEN',
      'person.accessLog': 'FORBIDDEN', 'person.consents': 'FORBIDDEN',
    });
  });

  it('records each disclosure in the access log, which the person sees', async () => {
    const p = stack.credentials.persons[2]!;
    const before = await stack.query(`{ me { kind } }`, { headers: headersFor('the person') });
    expect(before.body.data!.me.kind).toBe('PERSON');
    const read = await stack.query(PERSON, { variables: { id: p.idNumber }, headers: { ...headersFor('bank with consent'), 'x-request-id': 'audit-test-1' } });
    expect(read.body.data!.person).not.toBeNull();
    const log = await stack.query(`query($id: String!) { person(idNumber: $id) { accessLog(first: 50) { edges { node {
      accessorKind institutionId institutionName categories purpose consentId basis requestId } } } } }`,
    { variables: { id: p.idNumber }, headers: headersFor('the person') });
    const entries = log.body.data!.person.accessLog.edges.map((e: { node: Record<string, unknown> }) => e.node);
    const entry = entries.find((e: Record<string, unknown>) => e.requestId === 'audit-test-1');
    expect(entry).toMatchObject({
      accessorKind: 'INSTITUTION', institutionId: stack.credentials.institutions.FINANCIAL.id, purpose: 'CREDIT_EASY_LOAN', basis: 'CONSENT',
    });
    expect(entry.consentId).toEqual(expect.any(String));
    expect(entry.categories).toEqual(expect.arrayContaining(['PENALTIES', 'JUDGMENT_DEBTOR', 'HONORS', 'VOLUNTEER_SERVICE', 'INTEGRITY']));
  });
});

describe('ways around the rules', () => {
  it('withholds protected fields reached through fragments, aliases and the legal representative', async () => {
    const { body } = await stack.query(`query($u: ID!) { enterprise(uscc: $u) { name
      rep: legalRepresentative { ...P ... on Person { again: accessLog { edges { cursor } } } } } }
      fragment P on Person { id name idNumber secret: penalties { id violation } debtor: judgmentDebtor { listed } }`,
    { variables: { u: stack.credentials.enterprises[0]!.uscc } });
    const rep = body.data!.enterprise.rep;
    expect(rep).toMatchObject({ secret: null, debtor: null, again: null });
    expect(rep.idNumber).toMatch(/\*{8}/);
    expect(rep.name).toContain('*');
    expect(codesAt(body)).toEqual({
      'enterprise.rep.secret': 'FORBIDDEN', 'enterprise.rep.debtor': 'FORBIDDEN', 'enterprise.rep.again': 'FORBIDDEN',
    });
  });

  it('withholds a person\'s records from a bank without consent, even as a legal representative', async () => {
    const { body } = await stack.query(`query($u: ID!) { enterprise(uscc: $u) { legalRepresentative { name penalties { id } } } }`,
      { variables: { u: stack.credentials.enterprises[0]!.uscc }, headers: headersFor('bank, other person') });
    expect(body.data!.enterprise.legalRepresentative.penalties).toBeNull();
    expect(body.data!.enterprise.legalRepresentative.name).toContain('*');
    expect(codesAt(body)).toEqual({ 'enterprise.legalRepresentative.penalties': 'FORBIDDEN' });
  });

  it('does not expose _entities at the gateway', async () => {
    const { status, body } = await stack.query(`{ _entities(representations: [{ __typename: "Person", id: "${stack.credentials.persons[2]!.id}" }]) { ... on Person { penalties { id } } } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a subgraph called directly without the gateway\'s signature, and one with a signature for another body', async () => {
    const query = JSON.stringify({ query: `{ _entities(representations: [{ __typename: "Person", id: "${stack.credentials.persons[2]!.id}" }]) { ... on Person { name penalties { id } } } }` });
    const direct = await fetch(stack.subgraphs.person.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
    expect(direct.status).toBe(401);
    const body = await direct.json() as GraphQLBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toMatch(/penalties"\s*:\s*\[/);
    const forged = await fetch(stack.subgraphs.person.url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-creditgraph-caller': 'eyJwcmluY2lwYWwiOnsia2luZCI6IlBFUlNPTiJ9fQ.AAAA' }, body: query,
    });
    expect(forged.status).toBe(401);
  });

  it('withholds loans from the public and shows them to a bank with loans:read', async () => {
    const q = `query($u: ID!) { enterprise(uscc: $u) { creditEasyLoans { amount } } }`;
    const variables = { u: stack.credentials.enterprises[0]!.uscc };
    const pub = await stack.query(q, { variables });
    expect(pub.body.data!.enterprise.creditEasyLoans).toBeNull();
    expect(codesAt(pub.body)).toEqual({ 'enterprise.creditEasyLoans': 'FORBIDDEN' });
    const bank = await stack.query(q, { variables, headers: headersFor('bank with consent') });
    expect(bank.body.data!.enterprise.creditEasyLoans.length).toBeGreaterThan(0);
    const other = await stack.query(q, { variables, headers: bearer(stack.credentials.enterprises[1]!.token) });
    expect(other.body.data!.enterprise.creditEasyLoans).toBeNull();
    const own = await stack.query(q, { variables, headers: bearer(stack.credentials.enterprises[0]!.token) });
    expect(own.body.data!.enterprise.creditEasyLoans.length).toBeGreaterThan(0);
  });

  it('lists institutions to operators only', async () => {
    const q = '{ institutions { id kind } }';
    expect((await stack.query(q, { headers: headersFor('an operator') })).body.data!.institutions.length).toBeGreaterThanOrEqual(5);
    const bank = await stack.query(q, { headers: headersFor('bank with consent') });
    expect(bank.body.data).toEqual({ institutions: null });
    expect(codesAt(bank.body)).toEqual({ institutions: 'FORBIDDEN' });
  });
});

describe('credentials that do not hold', () => {
  const Q = '{ me { kind } }';

  it('answers 401 UNAUTHENTICATED for a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'EdDSA', kid: 'attacker' };
    const token = await mintToken(jwk, { kind: 'PERSON', subject: stack.credentials.persons[2]!.id, issuer: 'creditgraph-demo-idp', audience: 'creditgraph', ttlSeconds: 600 });
    const { status, body, headers } = await stack.query(Q, { headers: bearer(token) });
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  const demoKey = () => (JSON.parse(readFileSync(join(stack.dataDir, 'idp-demo-key.json'), 'utf8')) as { privateJwk: import('jose').JWK }).privateJwk;

  it('answers 401 for an expired token, a wrong audience, a wrong issuer and "alg: none"', async () => {
    const jwk = demoKey();
    const subject = stack.credentials.persons[2]!.id;
    const expired = await new SignJWT({ cg_kind: 'PERSON' }).setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid })
      .setSubject(subject).setIssuer('creditgraph-demo-idp').setAudience('creditgraph')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(await (await import('jose')).importJWK(jwk, 'EdDSA'));
    const wrongAudience = await mintToken(jwk, { kind: 'PERSON', subject, issuer: 'creditgraph-demo-idp', audience: 'someone-else', ttlSeconds: 600 });
    const wrongIssuer = await mintToken(jwk, { kind: 'PERSON', subject, issuer: 'evil-idp', audience: 'creditgraph', ttlSeconds: 600 });
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: subject, cg_kind: 'OPERATOR', iss: 'creditgraph-demo-idp', aud: 'creditgraph', exp: 9999999999 })).toString('base64url')}.`;
    for (const token of [expired, wrongAudience, wrongIssuer, none, 'not-a-jwt']) {
      const { status, body } = await stack.query(Q, { headers: bearer(token) });
      expect({ status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('answers 401 for an unknown, a malformed and a revoked API key', async () => {
    const op = bearer(stack.credentials.operator.token);
    const reg = await stack.query(`mutation { registerInstitution(input: { name: "测试信用服务有限公司", kind: CREDIT_SERVICE }) { id } }`, { headers: op });
    const institutionId = reg.body.data!.registerInstitution.id;
    const issued = await stack.query(`mutation($id: ID!) { issueApiKey(institutionId: $id) { id key } }`, { variables: { id: institutionId }, headers: op });
    const { id: keyId, key } = issued.body.data!.issueApiKey;
    expect((await stack.query(Q, { headers: apiKey(key) })).body.data!.me.kind).toBe('INSTITUTION');
    await stack.query(`mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { variables: { id: keyId }, headers: op });
    await new Promise((r) => setTimeout(r, Number(stack.env.API_KEY_CACHE_MS ?? 0) + 10));
    for (const k of [key, key.slice(0, -2) + 'xx', 'cg_nope', 'garbage']) {
      const { status, body } = await stack.query(Q, { headers: apiKey(k) });
      expect({ status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });
});
