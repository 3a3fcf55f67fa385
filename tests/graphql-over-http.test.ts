/**
 * GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) at the real gateway: the
 * reference audit suite (graphql-http's serverAudits) with every MUST passing and only the
 * departures the README names, then what the suite does not reach: content negotiation with
 * quality values, 406 before anything runs, GET for queries only, `extensions`, and the status
 * codes of each media type.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serverAudits } from 'graphql-http';
import { bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { ANONYMOUS_RATE_PER_SECOND: '100000', ANONYMOUS_BURST: '100000' } });
});
afterAll(async () => { await stack?.close(); });

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, type: res.headers.get('content-type'), json: JSON.parse(text) };
}

async function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}?${new URLSearchParams(params)}`, { headers });
  return { status: res.status, headers: res.headers, type: res.headers.get('content-type'), json: JSON.parse(await res.text()) };
}

/** The audits the README lists as SHOULDs the gateway does not follow (README, "HTTP"). */
const DEPARTURES = ['572B', '7B9B', 'FDE2'];

describe('the graphql-http audit suite', () => {
  let results: { id: string; name: string; status: string; reason?: string }[];
  beforeAll(async () => {
    results = [];
    for (const audit of serverAudits({ url: () => stack.url })) results.push(await audit.fn());
  });

  it('passes every MUST audit', () => {
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}: ${r.reason}`)).toEqual([]);
  });

  it('departs only from the SHOULDs the README names, each with its reason', () => {
    const departed = results.filter((r) => r.status !== 'ok').map((r) => r.id).sort();
    expect(departed).toEqual(DEPARTURES);
    const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
    expect(departed.filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });
});

describe('content negotiation', () => {
  it('answers in the media type the Accept header prefers, application/json when it names none or a wildcard', async () => {
    const cases: [string | undefined, string][] = [
      [GRAPHQL_RESPONSE, GRAPHQL_RESPONSE],
      [`${GRAPHQL_RESPONSE}, application/json;q=0.9`, GRAPHQL_RESPONSE],
      [`application/json;q=0.9, ${GRAPHQL_RESPONSE}`, GRAPHQL_RESPONSE],
      [`${GRAPHQL_RESPONSE};q=0.5, application/json`, 'application/json'],
      ['application/json', 'application/json'],
      ['*/*', 'application/json'],
      ['application/*', 'application/json'],
      [`text/html, ${GRAPHQL_RESPONSE};q=0.1`, GRAPHQL_RESPONSE],
      [undefined, 'application/json'],
    ];
    for (const [accept, expected] of cases) {
      const r = await post({ query: '{ me { kind } }' }, accept === undefined ? {} : { accept });
      expect([accept, r.status, r.type, r.headers.get('vary')]).toEqual([accept, 200, `${expected}; charset=utf-8`, 'Accept']);
    }
  });

  it('writes the gateway\'s own refusals (401, 415, bad JSON) in the negotiated type too', async () => {
    const denied = await post({ query: '{ me { kind } }' }, { accept: GRAPHQL_RESPONSE, 'x-api-key': 'cg_nope_nope' });
    expect(denied.status).toBe(401);
    expect(denied.type).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
    expect(denied.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const text = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'text/plain', accept: GRAPHQL_RESPONSE }, body: '{ me { kind } }' });
    expect([text.status, text.headers.get('content-type')]).toEqual([415, `${GRAPHQL_RESPONSE}; charset=utf-8`]);
    const broken = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE }, body: '{"query": ' });
    expect([broken.status, broken.headers.get('content-type')]).toEqual([400, `${GRAPHQL_RESPONSE}; charset=utf-8`]);
  });

  it('answers 406 to an Accept naming neither type, without running the operation', async () => {
    stack.resetSql();
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html', ...bearer(stack.credentials.operator.token) },
      body: JSON.stringify({ query: 'mutation { registerInstitution(input: { name: "不该登记", kind: CREDIT_SERVICE }) { id } }' }),
    });
    expect(res.status).toBe(406);
    expect((await res.json() as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
    expect(stack.sql.platform).toEqual([]);
  });
});

describe('status codes', () => {
  it('answers 400 for parse, validation and variable-coercion failures in either media type', async () => {
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const parse = await post({ query: '{ me {' }, { accept });
      const invalid = await post({ query: '{ me { nosuchfield } }' }, { accept });
      const coercion = await post({ query: 'query($n: Int) { enterprises(first: $n) { edges { cursor } } }', variables: { n: 'x' } }, { accept });
      expect([parse.status, parse.json.errors[0].extensions.code, 'data' in parse.json]).toEqual([400, 'GRAPHQL_PARSE_FAILED', false]);
      expect([invalid.status, invalid.json.errors[0].extensions.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
      expect([coercion.status, coercion.json.errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
      expect(parse.type).toBe(`${accept}; charset=utf-8`);
    }
  });

  it('answers 200 once the operation executed, errors in fields included', async () => {
    const r = await post({ query: '{ enterprise(uscc: "91350100M000100Y44") { name } }' }, { accept: GRAPHQL_RESPONSE });
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual({ enterprise: null });
    expect(r.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'USCC_CHECK_DIGIT' });
  });
});

describe('request parameters', () => {
  it('accepts an extensions map in a POST body and in a GET: a persisted-query hash, tracing flags, anything', async () => {
    const query = '{ me { kind } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const bodies = [
      { query, extensions: { persistedQuery: { version: 1, sha256Hash } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash } } }, // the hash alone, now that it is known
      { query, extensions: { tracing: true, clientLibrary: { name: 'bank-portal', version: '1.0' } } },
      { query, extensions: null },
    ];
    for (const body of bodies) {
      const r = await post(body, { accept: GRAPHQL_RESPONSE });
      expect([r.status, r.json]).toEqual([200, { data: { me: { kind: 'ANONYMOUS' } } }]);
    }
    const viaGet = await get({ query, extensions: JSON.stringify({ tracing: true }) }, { accept: GRAPHQL_RESPONSE });
    expect([viaGet.status, viaGet.json]).toEqual([200, { data: { me: { kind: 'ANONYMOUS' } } }]);
  });

  it('refuses a persisted query whose hash is not its query\'s with 400 BAD_REQUEST, for either media type', async () => {
    const body = { query: '{ me { kind } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } };
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const r = await post(body, { accept });
      expect([r.status, r.json]).toEqual([400, { errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }] }]);
    }
  });

  it('runs a query over GET, with variables and an operation name', async () => {
    const uscc = stack.credentials.enterprises[0]!.uscc;
    const r = await get({ query: 'query Q($u: ID!) { enterprise(uscc: $u) { uscc } }', variables: JSON.stringify({ u: uscc }), operationName: 'Q' });
    expect([r.status, r.type, r.json]).toEqual([200, 'application/json; charset=utf-8', { data: { enterprise: { uscc } } }]);
  });

  it('refuses a mutation over GET with 405 and Allow: POST, running nothing', async () => {
    stack.resetSql();
    const r = await get({ query: 'mutation { registerInstitution(input: { name: "不该登记", kind: CREDIT_SERVICE }) { id } }' },
      { accept: GRAPHQL_RESPONSE, ...bearer(stack.credentials.operator.token) });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect(r.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(stack.sql.platform).toEqual([]);
  });

  it('answers another method with 405 and the methods /graphql takes', async () => {
    const res = await fetch(stack.url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });
});
