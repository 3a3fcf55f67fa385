/**
 * Every core: `gateway/main.ts` with GATEWAY_WORKERS=2, a primary and two worker processes on one
 * port, over a running stack's subgraphs. Requests on new connections land on both workers (the
 * `x-gateway-worker` pid, sent only under NODE_ENV=test); the rate limit is one bucket across them;
 * a monthly quota counts every worker's pulls; a revoked key is refused by every worker within
 * API_KEY_CACHE_MS; a scrape of /metrics, whichever worker takes it, counts every worker's requests;
 * a killed worker is replaced; SIGTERM stops the primary and its workers with 0.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnGateway, type GatewayProcess } from './support/gateway.ts';
import { registerInstitution } from './support/institutions.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let gw: GatewayProcess;
const KEY_CACHE_MS = 400;
const METRICS_TOKEN = 'workers-metrics-token-0123456789';

beforeAll(async () => {
  stack = await startStack();
  gw = await spawnGateway(stack, {
    GATEWAY_WORKERS: '2', ANONYMOUS_RATE_PER_SECOND: '1', ANONYMOUS_BURST: '10', TRUST_PROXY_HOPS: '1',
    API_KEY_CACHE_MS: String(KEY_CACHE_MS), METRICS_TOKEN,
    // Far longer than the tests: a quota that held only after a flush to the database would not hold here.
    METERING_FLUSH_MS: '600000',
  });
  // /readyz answered once one worker listened: wait for the second too (bound: a loaded machine).
  for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
    if (workersOf(await Promise.all(Array.from({ length: 4 }, () => send('/healthz')))).size === 2) break;
    await new Promise((r) => setTimeout(r, 200));
  }
}, 240_000);
afterAll(async () => {
  if (gw && gw.child.exitCode === null) gw.child.kill('SIGKILL');
  await stack?.close();
});

interface Answer { status: number; worker: number; headers: Record<string, string | string[] | undefined>; body: any }

/** One request on a connection of its own (no keep-alive): the primary hands each connection to the next worker. */
function send(path: string, opts: { query?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(path, gw.url);
  const body = opts.query === undefined ? undefined : JSON.stringify({ query: opts.query, variables: opts.variables });
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: body ? 'POST' : 'GET', agent: false,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, worker: Number(res.headers['x-gateway-worker']), headers: res.headers, body: text.startsWith('{') ? JSON.parse(text) : text });
      });
    });
    req.on('error', reject);
    // A connection handed to a worker as it is killed may never be answered: give up on it.
    req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
    req.end(body);
  });
}

const workersOf = (answers: Answer[]) => new Set(answers.map((a) => a.worker));

describe('GATEWAY_WORKERS=2', () => {
  it('answers on both workers, each its own process', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => send('/healthz')));
    expect(answers.every((a) => a.status === 200 && a.worker > 0)).toBe(true);
    expect(workersOf(answers).size).toBe(2);
    expect(workersOf(answers).has(gw.child.pid!)).toBe(false);
  });

  it('spends one token bucket across the workers: with a burst of 10, exactly 10 of 11 requests pass and the 11th is 429', async () => {
    // One anonymous client (its own address through X-Forwarded-For), 11 requests at once. The rate
    // refills 1 token a second: the 11 are taken well within that second on an idle gateway.
    const client = { 'x-forwarded-for': '10.18.0.1' };
    const answers = await Promise.all(Array.from({ length: 11 }, () => send('/graphql', { query: '{ __typename }', headers: client })));
    expect(workersOf(answers).size).toBe(2);
    const passed = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect([passed.length, refused.length]).toEqual([10, 1]);
    // One bucket: the passing answers counted it down 9, 8, …, 0 between them, whichever worker answered.
    expect(passed.map((a) => Number(a.headers['ratelimit-remaining'])).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(refused[0]!.headers).toMatchObject({ 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'retry-after': '1' });
    expect(refused[0]!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('holds a monthly quota of archive pulls exactly across the workers (counts kept in the primary, not per worker)', async () => {
    const { key } = await registerInstitution(stack, '多进程配额', 'ratePerSecond: 100, burst: 100, monthlyArchivePulls: 3');
    const uscc = stack.credentials.enterprises[0]!.uscc;
    const answers: Answer[] = [];
    // One after the other: each is checked against every pull answered before it, on either worker.
    for (let i = 0; i < 5; i++) {
      answers.push(await send('/graphql', { query: 'query($u: ID!) { enterprise(uscc: $u) { penalties { id } licenses { id } } }', variables: { u: uscc }, headers: apiKey(key) }));
    }
    expect(workersOf(answers).size).toBe(2);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answers[3]!.body.errors[0].extensions.code).toBe('QUOTA_EXCEEDED');
  });

  it('refuses a revoked key on every worker once API_KEY_CACHE_MS has passed', async () => {
    const op = bearer(stack.credentials.operator.token);
    const issued = await stack.query('mutation($i: ID!) { issueApiKey(institutionId: $i) { id key } }', { variables: { i: stack.credentials.institutions.CREDIT_SERVICE.id }, headers: op });
    const { id, key } = issued.body.data!.issueApiKey as { id: string; key: string };
    // Both workers have the key in their caches.
    const before = await Promise.all(Array.from({ length: 4 }, () => send('/graphql', { query: '{ me { kind } }', headers: apiKey(key) })));
    expect(before.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(workersOf(before).size).toBe(2);

    const revoked = await stack.query('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { variables: { id }, headers: op });
    expect(revoked.body.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, KEY_CACHE_MS + 100));
    const after = await Promise.all(Array.from({ length: 4 }, () => send('/graphql', { query: '{ me { kind } }', headers: apiKey(key) })));
    expect(workersOf(after).size).toBe(2);
    expect(after.map((a) => [a.status, a.body.errors?.[0]?.extensions?.code])).toEqual(Array(4).fill([401, 'UNAUTHENTICATED']));
  });

  it('answers a scrape of /metrics with every worker\'s requests summed, whichever worker takes the scrape', async () => {
    const scrapeAll = () => Promise.all(Array.from({ length: 6 }, () => send('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })));
    // Anonymous operations answered: the request counter and the latency histogram's count.
    const series = (scrape: Answer, name: string, ...labels: string[]) => (scrape.body as string).split('\n')
      .filter((l) => l.startsWith(`${name}{`) && labels.every((x) => l.includes(x)))
      .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
    const figures = (scrapes: Answer[]) => scrapes.map((s) => [
      ...series(s, 'creditgraph_gateway_requests_total', 'kind="ANONYMOUS"', 'code="OK"'),
      ...series(s, 'creditgraph_gateway_request_duration_seconds_count', 'kind="ANONYMOUS"'),
    ]);
    const before = await scrapeAll();
    expect(workersOf(before).size).toBe(2);
    expect(before.map((s) => s.status)).toEqual(Array(6).fill(200));
    // One series per label set (not one per worker), the same whichever worker took the scrape.
    const [first] = figures(before);
    expect(first).toHaveLength(2);
    expect(figures(before)).toEqual(Array(6).fill(first));

    // N anonymous operations, each from its own client (no rate limit is met) on a connection of its
    // own: the primary spreads them over both workers.
    const N = 8;
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => send('/graphql', {
      query: '{ __typename }', headers: { 'x-forwarded-for': `10.18.2.${i + 1}` },
    })));
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(200));
    expect(workersOf(answers).size).toBe(2);
    const after = await scrapeAll();
    expect(workersOf(after).size).toBe(2);
    expect(figures(after)).toEqual(Array(6).fill(first!.map((n) => n + N)));
  });

  it('replaces a worker that dies', async () => {
    const pids = workersOf(await Promise.all(Array.from({ length: 4 }, () => send('/healthz'))));
    const [victim] = [...pids];
    process.kill(victim!, 'SIGKILL');
    // Bound: a worker starts in a few seconds; 120 s leaves room on a loaded two-core machine.
    let now = new Set<number>();
    for (const deadline = Date.now() + 120_000; Date.now() < deadline && !(now.size === 2 && !now.has(victim!));) {
      await new Promise((r) => setTimeout(r, 200));
      // A request may meet the dying worker: only the answered ones count.
      const answered = await Promise.all(Array.from({ length: 4 }, () => send('/healthz').catch(() => null)));
      now = workersOf(answered.filter((a): a is Answer => a !== null && a.status === 200));
    }
    expect(now.size).toBe(2);
    expect(now.has(victim!)).toBe(false);
  }, 150_000);

  it('stops the primary and every worker on SIGTERM, exiting 0', async () => {
    const pids = [...workersOf(await Promise.all(Array.from({ length: 4 }, () => send('/healthz'))))];
    gw.child.kill('SIGTERM');
    expect(await Promise.race([gw.exited, new Promise((r) => setTimeout(() => r('still running after 20 s'), 20_000).unref())])).toBe(0);
    const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    expect(pids.filter(alive)).toEqual([]);
  }, 30_000);
});
