/**
 * Keys and identities through the running stack: an operator labels a key and sets its expiry (an
 * expired key is UNAUTHENTICATED), sees when it was last used (written in batches at the metering
 * flush, not per request), and changes an institution's plan (the gateway applies it); and a
 * gateway with JWT_JWKS_URL takes the identity provider's keys from a JWKS server on loopback,
 * following a key rotation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { envPrefix, SUBGRAPHS } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { mintToken } from '../lib/tokens.ts';
import { startGateway } from '../gateway/main.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => { stack = await startStack({ gatewayEnv: { METERING_FLUSH_MS: '50' } }); });
afterAll(async () => { await stack?.close(); });

const KEYS = 'query($i: ID!) { institution(id: $i) { apiKeys { id label expiresAt lastUsedAt } plan { ratePerSecond burst dailyArchivePulls } } }';

describe('API keys', () => {
  it('carry a label and an expiry set by an operator; an expired key is refused UNAUTHENTICATED', async () => {
    const c = stack.credentials;
    const op = bearer(c.operator.token);
    const issued = await stack.query('mutation($i: ID!) { issueApiKey(institutionId: $i) { id key } }', { variables: { i: c.institutions.CREDIT_SERVICE.id }, headers: op });
    const { id, key } = issued.body.data!.issueApiKey as { id: string; key: string };
    const set = await stack.query('mutation($id: ID!, $l: String, $e: DateTime) { updateApiKey(id: $id, label: $l, expiresAt: $e) { label expiresAt } }',
      { variables: { id, l: '  core banking  ', e: '2099-01-01T00:00:00Z' }, headers: op });
    expect(set.body).toEqual({ data: { updateApiKey: { label: 'core banking', expiresAt: '2099-01-01T00:00:00.000Z' } } });
    expect((await stack.query('{ me { kind } }', { headers: apiKey(key) })).status).toBe(200);

    await stack.query('mutation($id: ID!) { updateApiKey(id: $id, label: "core banking", expiresAt: "2020-01-01T00:00:00Z") { id } }', { variables: { id }, headers: op });
    const refused = await stack.query('{ me { kind } }', { headers: apiKey(key) });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['UNAUTHENTICATED', 'This API key has expired.']]);
  });

  it('record when they were last used, in a batch after the request rather than a write per request', async () => {
    const c = stack.credentials;
    const before = Date.now();
    for (let i = 0; i < 3; i++) expect((await stack.query('{ me { kind } }', { headers: apiKey(c.institutions.PARTNER_CITY.apiKey) })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // a few metering flush intervals (50 ms here)
    const res = await stack.query(KEYS, { variables: { i: c.institutions.PARTNER_CITY.id }, headers: bearer(c.operator.token) });
    const used = (res.body.data!.institution.apiKeys as { lastUsedAt: string | null }[]).map((k) => k.lastUsedAt).filter(Boolean);
    expect(used).toHaveLength(1);
    expect(Date.parse(used[0]!)).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe('updateInstitutionPlan', () => {
  it('replaces the plan, and the gateway applies its rate limit', async () => {
    const c = stack.credentials;
    const op = bearer(c.operator.token);
    const updated = await stack.query('mutation($i: ID!) { updateInstitutionPlan(institutionId: $i, plan: { ratePerSecond: 1, burst: 1, dailyArchivePulls: 7 }) { plan { ratePerSecond burst dailyArchivePulls monthlyArchivePulls } } }',
      { variables: { i: c.institutions.INDUSTRY_ASSOCIATION.id }, headers: op });
    expect(updated.body).toEqual({ data: { updateInstitutionPlan: { plan: { ratePerSecond: 1, burst: 1, dailyArchivePulls: 7, monthlyArchivePulls: null } } } });
    const key = apiKey(c.institutions.INDUSTRY_ASSOCIATION.apiKey);
    const first = await stack.query('{ me { kind } }', { headers: key });
    expect(first.headers.get('ratelimit-limit')).toBe('1');
    expect((await stack.query('{ me { kind } }', { headers: key })).body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const bad = await stack.query('mutation($i: ID!) { updateInstitutionPlan(institutionId: $i, plan: { ratePerSecond: 0, burst: 1 }) { id } }', { variables: { i: c.institutions.INDUSTRY_ASSOCIATION.id }, headers: op });
    expect(bad.body.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['BAD_USER_INPUT', 'PLAN_LIMIT']]);
  });
});

describe('JWT_JWKS_URL', () => {
  let jwksServer: Server;
  let served: { keys: JWK[] } = { keys: [] };
  let fetches = 0;
  afterAll(async () => { await new Promise((r) => jwksServer?.close(r)); });

  const keyPair = async (kid: string) => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    return {
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' },
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' },
    };
  };

  it('takes the identity provider\'s keys from its JWKS URL, caches them and follows a rotation', async () => {
    jwksServer = createServer((_req, res) => { fetches++; res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served)); });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    const a = await keyPair('a');
    const b = await keyPair('b');
    served = { keys: [a.publicJwk] };
    const urls = Object.fromEntries(SUBGRAPHS.map((n) => [`${envPrefix(n)}_URL`, stack.subgraphs[n].url]));
    const gw = await startGateway({ ...stack.env, ...urls, JWT_JWKS_FILE: undefined, JWT_JWKS_URL: url, JWT_JWKS_COOLDOWN_MS: '0' }, { port: 0, logger: createLogger({ name: 'gateway', level: 'silent' }) });
    const me = async (jwk: JWK) => {
      const token = await mintToken(jwk, { kind: 'OPERATOR', subject: 'op-1', issuer: gw.config.jwt.issuer, audience: gw.config.jwt.audience, ttlSeconds: 60 });
      const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify({ query: '{ me { kind } }' }) });
      return { status: res.status, body: await res.json() as { data?: { me: { kind: string } } } };
    };
    try {
      expect(fetches).toBe(0); // fetched on first use, not at start
      expect(await me(a.privateJwk)).toEqual({ status: 200, body: { data: { me: { kind: 'OPERATOR' } } } });
      expect(await me(a.privateJwk)).toMatchObject({ status: 200 });
      expect(fetches).toBe(1); // cached
      served = { keys: [b.publicJwk] }; // the provider rotates
      expect(await me(b.privateJwk)).toEqual({ status: 200, body: { data: { me: { kind: 'OPERATOR' } } } });
      expect((await me(a.privateJwk)).status).toBe(401); // the retired key no longer verifies
      expect(fetches).toBeGreaterThanOrEqual(2);
    } finally {
      await gw.close();
    }
  });
});
