/**
 * How the gateway runs: production mode's refusals (no introspection, no "did you mean"),
 * AUTHORIZATION_MODE=reject failing a request whole before any subgraph is called, the
 * `x-request-id` echo, and a SIGTERM that lets the request in flight finish before the process exits.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningGateway } from '../gateway/main.ts';
import { spawnGateway, startSecondGateway } from './support/gateway.ts';
import { bearer, startStack, type GraphQLBody, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => { stack = await startStack(); });
afterAll(async () => { await stack?.close(); });

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: res.status, headers: res.headers, body: await res.json() as GraphQLBody };
}
const codes = (body: GraphQLBody) => (body.errors ?? []).map((e) => ({ code: e.extensions?.code, path: e.path }));

describe('production mode (NODE_ENV=production)', () => {
  let prod: RunningGateway;
  beforeAll(async () => { prod = await startSecondGateway(stack, { NODE_ENV: 'production' }, 'gateway-production'); });
  afterAll(async () => { await prod?.close(); });

  it('refuses introspection, which development answers', async () => {
    for (const q of ['{ __schema { queryType { name } } }', '{ __type(name: "Enterprise") { fields { name } } }']) {
      const r = await post(prod.url, q);
      expect({ status: r.status, codes: codes(r.body).map((c) => c.code), data: r.body.data }).toEqual({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], data: undefined });
      expect(r.body.errors?.[0]?.message).toMatch(/introspection/i);
    }
    const dev = await post(stack.url, '{ __schema { queryType { name } } }');
    expect(dev.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('names no field of the schema in a validation error, which development suggests', async () => {
    const q = `{ enterprise(uscc: "${stack.credentials.enterprises[0]!.uscc}") { nam } }`;
    const r = await post(prod.url, q);
    expect(codes(r.body).map((c) => c.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(r.body.errors?.[0]?.message).not.toMatch(/did you mean|"name"/i);
    expect((await post(stack.url, q)).body.errors?.[0]?.message).toMatch(/Did you mean "name"/);
  });
});

describe('AUTHORIZATION_MODE=reject', () => {
  let reject: RunningGateway;
  beforeAll(async () => { reject = await startSecondGateway(stack, { AUTHORIZATION_MODE: 'reject' }, 'gateway-reject'); });
  afterAll(async () => { await reject?.close(); });
  const Q = () => `{ enterprise(uscc: "${stack.credentials.enterprises[0]!.uscc}") { name creditEasyLoans { amount } } }`;

  it('fails a request touching a withheld field whole, calling no subgraph', async () => {
    stack.resetSql();
    const r = await post(reject.url, Q());
    expect(r.body.data).toBeNull();
    expect(codes(r.body)).toEqual([{ code: 'FORBIDDEN', path: ['enterprise', 'creditEasyLoans'] }]);
    expect(stack.sql.enterprise).toEqual([]);
    expect(stack.sql.finance).toEqual([]);
  });

  it('answers a request the caller may make in full, and the default mode withholds only the field', async () => {
    const allowed = await post(reject.url, Q(), bearer(stack.credentials.operator.token));
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data!.enterprise.creditEasyLoans).toEqual(expect.any(Array));
    const partial = await post(stack.url, Q());
    expect(partial.body.data!.enterprise).toEqual({ name: expect.any(String), creditEasyLoans: null });
    expect(codes(partial.body)).toEqual([{ code: 'FORBIDDEN', path: ['enterprise', 'creditEasyLoans'] }]);
  });
});

describe('x-request-id', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('is echoed on answers, refusals and errors alike', async () => {
    const ok = await post(stack.url, '{ me { kind } }', { 'x-request-id': 'req_2026-abc' });
    const unauthenticated = await post(stack.url, '{ me { kind } }', { 'x-request-id': 'req-401', authorization: 'Bearer nope' });
    const parse = await post(stack.url, '{ me {', { 'x-request-id': 'req-400' });
    expect([ok, unauthenticated, parse].map((r) => [r.status, r.headers.get('x-request-id')]))
      .toEqual([[200, 'req_2026-abc'], [401, 'req-401'], [400, 'req-400']]);
  });

  it('is made afresh (a UUID) when absent or not a short token, so nothing a caller sends reaches the log unchecked', async () => {
    const ids = [];
    for (const h of [{}, { 'x-request-id': 'has spaces' }, { 'x-request-id': 'x'.repeat(65) }, { 'x-request-id': 'a\u00e9' }]) {
      ids.push((await post(stack.url, '{ me { kind } }', h as Record<string, string>)).headers.get('x-request-id'));
    }
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('graceful shutdown', () => {
  it('finishes the request in flight when the gateway process gets SIGTERM, then exits 0', async () => {
    // The enterprise subgraph behind a gate: the gateway's call is held until the test opens it.
    let arrived!: () => void;
    const reached = new Promise<void>((r) => { arrived = r; });
    let open!: () => void;
    const gate = new Promise<void>((r) => { open = r; });
    const target = stack.subgraphs.enterprise.url;
    const proxy: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        // Only the GraphQL call is held: the response cache's change follower (GET /changes) passes.
        const held = req.method === 'POST';
        if (held) {
          arrived();
          await gate;
        }
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k === 'content-type' || k.startsWith('x-')) as [string, string][]);
        const answer = held
          ? await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) })
          : await fetch(new URL(req.url!, target), { headers });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const gw = await spawnGateway(stack, { ENTERPRISE_URL: `http://127.0.0.1:${(proxy.address() as { port: number }).port}/graphql` });
    try {
      const inFlight = post(gw.url, `{ enterprise(uscc: "${stack.credentials.enterprises[0]!.uscc}") { uscc name } }`);
      await reached;
      gw.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300)); // the stop has begun; the request is still held
      expect(gw.child.exitCode).toBeNull();
      open();
      const r = await inFlight;
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data!.enterprise).toEqual({ uscc: stack.credentials.enterprises[0]!.uscc, name: expect.any(String) });
      // Bound: well under the 65 s keep-alive timeout that an answered connection would otherwise hold the stop for.
      expect(await Promise.race([gw.exited, new Promise((r) => setTimeout(() => r('still running after 20 s'), 20_000).unref())])).toBe(0);
    } finally {
      open();
      if (gw.child.exitCode === null) gw.child.kill('SIGKILL');
      proxy.close();
    }
  }, 90_000);

  it('ends the keep-alive connection of an answer already streaming when it stops, so the stop waits for the answer, not the 65 s keep-alive', async () => {
    // The enterprise subgraph's rejected-rows CSV, streamed: the head and a first row go out, the rest waits for the test.
    let streaming!: () => void;
    const begun = new Promise<void>((r) => { streaming = r; });
    let open!: () => void;
    const gate = new Promise<void>((r) => { open = r; });
    const target = stack.subgraphs.enterprise.url;
    const proxy: Server = createServer((req, res) => {
      if (req.url!.startsWith('/ingest/jobs/')) {
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
        res.write('row,reason\n1,');
        streaming();
        void gate.then(() => res.end('MISSING_FIELD\n'));
        return;
      }
      // Everything else (the change follower, the supergraph's calls) passes to the real subgraph.
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k === 'content-type' || k.startsWith('x-')) as [string, string][]);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const answer = await fetch(new URL(req.url!, target), { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const gw = await startSecondGateway(stack, { ENTERPRISE_URL: `http://127.0.0.1:${(proxy.address() as { port: number }).port}/graphql` }, 'gateway-stopping');
    let stopped: Promise<void> | undefined;
    try {
      const csv = fetch(new URL('/ingest/jobs/00000000-0000-4000-8000-000000000000/rejected.csv', gw.url),
        { headers: { 'x-api-key': stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey } });
      const res = await csv;
      expect(res.status).toBe(200);
      await begun;
      const started = Date.now();
      stopped = gw.close();
      await new Promise((r) => setTimeout(r, 200)); // the stop has begun; the answer is still streaming
      open();
      expect(await res.text()).toBe('row,reason\n1,MISSING_FIELD\n');
      // Bound: far under the 65 s a kept-alive connection would hold the stop for.
      await expect(Promise.race([stopped.then(() => 'stopped'), new Promise((r) => setTimeout(() => r('still stopping after 15 s'), 15_000).unref())])).resolves.toBe('stopped');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      open();
      proxy.closeAllConnections();
      proxy.close();
      await (stopped ?? gw.close());
    }
  }, 90_000);
});
