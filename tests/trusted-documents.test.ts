/**
 * Trusted documents through the running stack: an operator uploads operations for an institution
 * and restricts it to them; it then runs them by hash alone (extensions.persistedQuery, no
 * registration round trip) or in full, and anything else is refused UNTRUSTED_DOCUMENT (403)
 * without running. Other institutions keep sending any document, and automatic persisted
 * queries work as before (register with text + hash, then send the hash alone).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => { stack = await startStack(); });
afterAll(async () => { await stack?.close(); });

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const TRUSTED = 'query Name($u: ID!) { enterprise(uscc: $u) { name } }';
const OTHER = 'query Other($u: ID!) { enterprise(uscc: $u) { name penalties { id } } }';

async function post(body: Record<string, unknown>, headers: Record<string, string>) {
  const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() as { data?: any; errors?: { extensions?: { code?: string } }[] } };
}
const byHash = (query: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });

describe('trusted documents', () => {
  it('restrict an institution to the operations an operator uploaded, sent by hash or in full; others are refused UNTRUSTED_DOCUMENT', async () => {
    const c = stack.credentials;
    const op = bearer(c.operator.token);
    const bank = apiKey(c.institutions.FINANCIAL.apiKey);
    const u = c.enterprises[0]!.uscc;
    const added = await stack.query('mutation($i: ID!, $d: [String!]!) { addTrustedDocuments(institutionId: $i, documents: $d) { hash } }',
      { variables: { i: c.institutions.FINANCIAL.id, d: [TRUSTED, TRUSTED] }, headers: op });
    expect(added.body).toEqual({ data: { addTrustedDocuments: [{ hash: sha256(TRUSTED) }] } });
    const restricted = await stack.query('mutation($i: ID!) { restrictToTrustedDocuments(institutionId: $i, restricted: true) { trustedDocumentsOnly } }',
      { variables: { i: c.institutions.FINANCIAL.id }, headers: op });
    expect(restricted.body).toEqual({ data: { restrictToTrustedDocuments: { trustedDocumentsOnly: true } } });

    // By hash alone, never registered through APQ: the stored document is used.
    const hashed = await post({ ...byHash(TRUSTED), variables: { u } }, bank);
    expect(hashed).toEqual({ status: 200, body: { data: { enterprise: { name: expect.any(String) } } } });
    expect((await post({ query: TRUSTED, variables: { u } }, bank)).body.data.enterprise.name).toEqual(expect.any(String));

    // Kept in the response cache for the public, with a metered caller's counts (an agency asked), it is still refused.
    const agency = apiKey(c.institutions.CREDIT_SERVICE.apiKey);
    expect((await post({ query: OTHER, variables: { u } }, agency)).status).toBe(200);
    const other = await post({ query: OTHER, variables: { u } }, bank);
    expect(other.status).toBe(403);
    expect(other.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNTRUSTED_DOCUMENT']);
    // Registering a new document through APQ does not make it trusted.
    const registered = await post({ query: OTHER, ...byHash(OTHER), variables: { u } }, bank);
    expect(registered.status).toBe(403);
    const after = await post({ ...byHash(OTHER), variables: { u } }, bank);
    expect(after.body.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']); // never registered
    expect(after.body.data).toBeUndefined();

    // Another institution is not restricted; APQ works for it as before.
    const gov = apiKey(c.institutions.GOVERNMENT.apiKey);
    expect((await post({ ...byHash(OTHER), variables: { u } }, gov)).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post({ query: OTHER, ...byHash(OTHER), variables: { u } }, gov)).status).toBe(200);
    expect((await post({ ...byHash(OTHER), variables: { u } }, gov)).body.data.enterprise).toEqual(expect.objectContaining({ name: expect.any(String) }));

    // Lifted, the institution sends any document again.
    await stack.query('mutation($i: ID!) { restrictToTrustedDocuments(institutionId: $i, restricted: false) { id } }', { variables: { i: c.institutions.FINANCIAL.id }, headers: op });
    expect((await post({ query: OTHER, variables: { u } }, bank)).status).toBe(200);
  });

  it('refuses a document that does not parse BAD_USER_INPUT and an unknown institution NOT_FOUND', async () => {
    const op = bearer(stack.credentials.operator.token);
    const bad = await stack.query('mutation { addTrustedDocuments(institutionId: "x", documents: ["query {"]) { hash } }', { headers: op });
    expect(bad.body.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['BAD_USER_INPUT', 'DOCUMENT_SYNTAX']]);
    const missing = await stack.query('mutation { addTrustedDocuments(institutionId: "nope", documents: ["{ me { kind } }"]) { hash } }', { headers: op });
    expect(missing.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});
