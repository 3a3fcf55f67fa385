/**
 * A captured gateway→subgraph call cannot be sent again to change state: each signed header
 * carries a nonce and a subgraph takes a mutation's header once (issue 11, "Replay inside the
 * network"). Through the real person subgraph, signed as the gateway signs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALLER_HEADER, CALLER_TTL_MS, callerPayload, signCaller, signPayload } from '../lib/caller.ts';
import {
  CALLER_SECRET, caller, insertPerson, personPrincipal, startTestSubgraph, type FixturePerson, type TestPersonSubgraph,
} from '../subgraphs/person/test-support.ts';

let sg: TestPersonSubgraph;
let alice: FixturePerson;

beforeAll(async () => {
  sg = await startTestSubgraph();
  alice = await insertPerson(sg.db, '王小明');
});
afterAll(async () => { await sg?.close(); });

const GRANT = `mutation ($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`;
const grantBody = (institutionId: string) => JSON.stringify({
  query: GRANT,
  variables: { input: { institutionId, purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() } },
});
const consentsOf = (institutionId: string) => sg.db.prisma.consent.count({ where: { personId: alice.id, institutionId } });
const asAlice = () => caller(personPrincipal(alice.id));

describe('signed caller header, single use for mutations', () => {
  it('runs a signed mutation once and refuses the same header and body sent again with 401 UNAUTHENTICATED', async () => {
    const body = grantBody('bank-replay');
    const header = { [CALLER_HEADER]: signCaller(asAlice(), body, CALLER_SECRET) };
    const first = await sg.post(body, header);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ data: { grantConsent: { id: expect.any(String) } } });

    const replay = await sg.post(body, header);
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual({
      data: null, errors: [{ message: 'Unauthenticated subgraph call: caller header already used', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(await consentsOf('bank-replay')).toBe(1);
  });

  it('runs the same mutation again under a fresh header, as the gateway signs a new request', async () => {
    const body = grantBody('bank-twice');
    expect((await sg.post(body, { [CALLER_HEADER]: signCaller(asAlice(), body, CALLER_SECRET) })).status).toBe(200);
    expect((await sg.post(body, { [CALLER_HEADER]: signCaller(asAlice(), body, CALLER_SECRET) })).status).toBe(200);
    expect(await consentsOf('bank-twice')).toBe(2);
  });

  it('takes every subgraph call of one gateway request (one payload, one fresh nonce per call)', async () => {
    const payload = callerPayload(asAlice());
    for (const id of ['bank-a', 'bank-b']) {
      const body = grantBody(id);
      expect((await sg.post(body, { [CALLER_HEADER]: signPayload(payload, body, CALLER_SECRET) })).status).toBe(200);
    }
    expect([await consentsOf('bank-a'), await consentsOf('bank-b')]).toEqual([1, 1]);
  });

  it('refuses a replay of a mutation hidden beside a query in one document', async () => {
    const body = JSON.stringify({
      query: `query Q { __typename } ${GRANT.replace('mutation', 'mutation M')}`, operationName: 'M',
      variables: JSON.parse(grantBody('bank-hidden')).variables,
    });
    const header = { [CALLER_HEADER]: signCaller(asAlice(), body, CALLER_SECRET) };
    expect((await sg.post(body, header)).status).toBe(200);
    expect((await sg.post(body, header)).status).toBe(401);
    expect(await consentsOf('bank-hidden')).toBe(1);
  });

  it('answers a replayed query again: queries are not remembered', async () => {
    const body = JSON.stringify({ query: 'query ($n: String!) { person(idNumber: $n) { name } }', variables: { n: alice.idNumber } });
    const header = { [CALLER_HEADER]: signCaller(asAlice(), body, CALLER_SECRET) };
    const first = await sg.post(body, header);
    expect(first.body).toEqual({ data: { person: { name: '王小明' } } });
    const again = await sg.post(body, header);
    expect(again).toEqual(first);
  });

  it('refuses a header signed longer ago than its lifetime', async () => {
    const body = grantBody('bank-late');
    const header = { [CALLER_HEADER]: signCaller(asAlice(), body, CALLER_SECRET, Date.now() - CALLER_TTL_MS - 1_000) };
    const res = await sg.post(body, header);
    expect([res.status, res.body.errors?.[0]?.message]).toEqual([401, 'Unauthenticated subgraph call: caller header expired']);
    expect(await consentsOf('bank-late')).toBe(0);
  });

  it('refuses a header whose body was changed after signing', async () => {
    const signed = grantBody('bank-signed');
    const header = { [CALLER_HEADER]: signCaller(asAlice(), signed, CALLER_SECRET) };
    const res = await sg.post(grantBody('bank-tampered'), header);
    expect([res.status, res.body.errors?.[0]?.message]).toEqual([401, 'Unauthenticated subgraph call: caller signature does not match this request']);
    expect(await consentsOf('bank-tampered')).toBe(0);
  });

  it('refuses a header whose nonce was swapped (the signature covers it)', async () => {
    const body = grantBody('bank-swapped');
    const [payload, , signature] = signCaller(asAlice(), body, CALLER_SECRET).split('.');
    const res = await sg.post(body, { [CALLER_HEADER]: `${payload}.AAAAAAAAAAAAAAAAAAAAAA.${signature}` });
    expect(res.status).toBe(401);
    expect(await consentsOf('bank-swapped')).toBe(0);
  });

  it('refuses a header without a nonce (the format before nonces)', async () => {
    const body = grantBody('bank-old');
    const [payload, , signature] = signCaller(asAlice(), body, CALLER_SECRET).split('.');
    const res = await sg.post(body, { [CALLER_HEADER]: `${payload}.${signature}` });
    expect([res.status, res.body.errors?.[0]?.message]).toEqual([401, 'Unauthenticated subgraph call: malformed caller header']);
  });
});
