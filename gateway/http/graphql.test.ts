/**
 * The /graphql route with Apollo Server and the key store replaced by stubs: what it hands to
 * admission, execution and metering, one call per operation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { createLogger } from '../../lib/logger.ts';
import type { GatewayContext } from '../server.ts';
import { createHttpHandler, graphqlRoute, type ResponseInfo } from './index.ts';

const reported: ResponseInfo[] = [];
const contexts: GatewayContext[] = [];
let admissions = 0;
/** What metering's onResponse returns: the answer waits for it. */
let counting: (() => Promise<void>) | null = null;
let server: Server;
let url = '';

const apollo = {
  async executeHTTPGraphQLRequest({ context }: { context: () => Promise<GatewayContext> }) {
    const ctx = await context();
    contexts.push(ctx);
    ctx.usage.archivePulls = contexts.length; // as the executor fills it in
    return { status: 200, headers: new HeaderMap([['content-type', 'application/json; charset=utf-8']]), body: { kind: 'complete', string: `{"data":{"n":${contexts.length}}}` } };
  },
} as unknown as ApolloServer<GatewayContext>;

beforeAll(async () => {
  const handler = createHttpHandler({
    logger: createLogger({ name: 'test', level: 'silent' }),
    routes: [graphqlRoute({
      apollo,
      keys: async () => null,
      verifyToken: async () => { throw new Error('no tokens here'); },
      limits: { maxBodyBytes: 10_000, maxBatch: 5 },
      trustProxyHops: 0,
      admit: async () => { admissions++; return { 'ratelimit-remaining': String(100 - admissions) }; },
      onResponse: (info) => { reported.push(info); return counting?.(); },
    })],
  });
  server = createServer((req, res) => { void handler(req, res); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('metering of refusals', () => {
  it('reports a refused x-purpose with the 400 it answers, not as a 401', async () => {
    reported.length = 0;
    const res = await post({ query: '{ me { kind } }' }, { 'x-purpose': 'CURIOSITY' });
    expect(res.status).toBe(400);
    expect(reported.map((r) => [r.status, r.refused])).toEqual([[400, true]]);
  });

  it('reports an unknown key with the 401 it answers', async () => {
    reported.length = 0;
    const res = await post({ query: '{ me { kind } }' }, { 'x-api-key': 'not-a-key' });
    expect(res.status).toBe(401);
    expect(reported.map((r) => [r.status, r.refused])).toEqual([[401, true]]);
  });
});

describe('batches', () => {
  it('admits, executes and reports each operation on its own, each with a context of its own', async () => {
    reported.length = 0;
    contexts.length = 0;
    admissions = 0;
    const res = await post([{ query: '{ a }' }, { query: '{ b }' }, { query: '{ c }' }]);
    expect(await res.json()).toEqual([{ data: { n: 1 } }, { data: { n: 2 } }, { data: { n: 3 } }]);
    expect(admissions).toBe(3);
    expect(new Set(contexts).size).toBe(3);
    expect(new Set(contexts.map((c) => c.usage)).size).toBe(3);
    expect(reported.map((r) => r.context?.usage.archivePulls)).toEqual([1, 2, 3]);
    expect(res.headers.get('ratelimit-remaining')).toBe('97');
  });
});

describe('request ids', () => {
  it('echoes a well-formed x-request-id and replaces a malformed one with a fresh id', async () => {
    const given = await post({ query: '{ a }' }, { 'x-request-id': 'bank-portal_42' });
    expect(given.headers.get('x-request-id')).toBe('bank-portal_42');
    expect(reported.at(-1)?.requestId).toBe('bank-portal_42');
    const bad = await post({ query: '{ a }' }, { 'x-request-id': 'no spaces; or semicolons' });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await fetch(url, { method: 'DELETE', headers: { 'x-request-id': 'r-405' } });
    expect([refused.status, refused.headers.get('x-request-id')]).toEqual([405, 'r-405']);
  });
});

describe('metering before the answer', () => {
  it('writes the answer only once metering has counted it, so the caller\'s next request is checked against it', async () => {
    reported.length = 0;
    const order: string[] = [];
    // The count lands 200 ms after it is asked for; an answer not waiting for it arrives first.
    counting = () => new Promise((done) => setTimeout(() => { order.push('counted'); done(); }, 200));
    try {
      const res = await post({ query: '{ a }' });
      order.push('answered');
      expect(res.status).toBe(200);
      expect(order).toEqual(['counted', 'answered']);
    } finally {
      counting = null;
    }
  });
});
