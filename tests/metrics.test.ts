/**
 * Prometheus metrics and the request log, through the running stack: `/metrics` on the gateway and
 * on each subgraph behind METRICS_TOKEN (or on a port of its own, METRICS_PORT), with requests by
 * operation, kind of caller and code, latency histograms, subgraph fetch latency, the writers'
 * queue depths and event-loop lag; and one redacted log line per operation at the gateway.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { envPrefix, SUBGRAPHS } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { startGateway } from '../gateway/main.ts';
import { apiKey, startStack, type Stack } from './support/stack.ts';

const TOKEN = 'metrics-token-for-the-tests-0123';
const scrape = (url: string, token?: string) => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const base = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');
/** The value of the sample `name` whose labels include `labels` (in any order); undefined when none. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

let stack: Stack;
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
    cb();
  },
});

beforeAll(async () => {
  stack = await startStack({ env: { METRICS_TOKEN: TOKEN, LOG_LEVEL: 'info' }, logDestination: sink });
});
afterAll(async () => { await stack?.close(); });

const ENTERPRISE = 'query EnterpriseWithLoans($u: ID!) { enterprise(uscc: $u) { name creditEasyLoans { amount } } }';

describe('/metrics on the gateway', () => {
  it('refuses a scrape without the metrics token with 401 and serves it to the token\'s bearer', async () => {
    const refused = await scrape(`${base(stack.url)}/metrics`);
    expect([refused.status, refused.headers.get('www-authenticate'), refused.headers.get('x-request-id')]).toEqual([401, 'Bearer', expect.stringMatching(/^[\w-]{1,64}$/)]);
    expect((await scrape(`${base(stack.url)}/metrics`, 'not-the-metrics-token-at-all')).status).toBe(401);
    const res = await scrape(`${base(stack.url)}/metrics`, TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts operations by name, institution kind and code, with their latency and each subgraph fetch', async () => {
    const c = stack.credentials;
    const ok = await stack.query(ENTERPRISE, { variables: { u: c.enterprises[0]!.uscc }, headers: apiKey(c.institutions.FINANCIAL.apiKey), operationName: 'EnterpriseWithLoans' });
    expect(ok.body.errors).toBeUndefined();
    const refused = await stack.query(ENTERPRISE, { variables: { u: c.enterprises[0]!.uscc }, headers: apiKey(`${c.institutions.FINANCIAL.apiKey}x`) });
    expect(refused.status).toBe(401);
    const text = await (await scrape(`${base(stack.url)}/metrics`, TOKEN)).text();
    const gw = { service: 'gateway' };
    expect(sample(text, 'creditgraph_gateway_requests_total', { ...gw, operation: 'EnterpriseWithLoans', kind: 'FINANCIAL', code: 'OK' })).toBe(1);
    expect(sample(text, 'creditgraph_gateway_requests_total', { ...gw, operation: '(anonymous)', kind: 'UNAUTHENTICATED', code: 'UNAUTHENTICATED' })).toBe(1);
    expect(sample(text, 'creditgraph_gateway_request_duration_seconds_count', { ...gw, operation: 'EnterpriseWithLoans', kind: 'FINANCIAL' })).toBe(1);
    expect(sample(text, 'creditgraph_gateway_subgraph_fetch_duration_seconds_count', { ...gw, subgraph: 'enterprise', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'creditgraph_gateway_subgraph_fetch_duration_seconds_count', { ...gw, subgraph: 'finance', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'creditgraph_queue_depth', { ...gw, queue: 'metering' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds', gw)).toBeGreaterThanOrEqual(0);
  });
});

describe('/metrics on a subgraph', () => {
  it('serves its request latency, the access-log writer\'s queue depth and event-loop lag to the token\'s bearer only', async () => {
    const person = base(stack.subgraphs.person.url);
    expect((await scrape(`${person}/metrics`)).status).toBe(401);
    const text = await (await scrape(`${person}/metrics`, TOKEN)).text();
    expect(sample(text, 'creditgraph_queue_depth', { service: 'person', queue: 'access_log' })).toBe(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds', { service: 'person' })).toBeGreaterThanOrEqual(0);
    const enterprise = await (await scrape(`${base(stack.subgraphs.enterprise.url)}/metrics`, TOKEN)).text();
    expect(sample(enterprise, 'creditgraph_subgraph_request_duration_seconds_count', { service: 'enterprise', status: '200' })).toBeGreaterThanOrEqual(1);
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on a port of its own without a token, and nothing at /metrics on the API port when no token is set', async () => {
    const urls = Object.fromEntries(SUBGRAPHS.map((n) => [`${envPrefix(n)}_URL`, stack.subgraphs[n].url]));
    const gw = await startGateway({ ...stack.env, ...urls, METRICS_TOKEN: undefined, METRICS_PORT: '0' }, { port: 0, logger: createLogger({ name: 'gateway', level: 'silent' }) });
    try {
      expect(gw.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const own = await scrape(gw.metricsUrl!);
      expect(own.status).toBe(200);
      expect(await own.text()).toContain('creditgraph_gateway_requests_total');
      expect((await scrape(`${base(gw.url)}/metrics`, TOKEN)).status).toBe(404);
    } finally {
      await gw.close();
    }
  });
});

describe('the request log', () => {
  it('writes one line per operation with its request id, institution, operation name and hash, status, code, duration and the subgraphs called', async () => {
    const c = stack.credentials;
    const res = await stack.query(ENTERPRISE, { variables: { u: c.enterprises[1]!.uscc }, headers: apiKey(c.institutions.FINANCIAL.apiKey), operationName: 'EnterpriseWithLoans' });
    const requestId = res.headers.get('x-request-id');
    await new Promise((r) => setTimeout(r, 50)); // pino writes asynchronously
    const mine = lines.filter((l) => l.requestId === requestId && l.msg === 'request');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      name: 'gateway', kind: 'FINANCIAL', institution: c.institutions.FINANCIAL.id, operationName: 'EnterpriseWithLoans',
      status: 200, code: 'OK', subgraphs: ['enterprise', 'finance'],
    });
    expect(mine[0]!.operationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof mine[0]!.durationMs).toBe('number');
    const text = JSON.stringify(lines);
    expect(text).not.toContain(c.institutions.FINANCIAL.apiKey);
    expect(text).not.toContain(c.enterprises[1]!.uscc); // variables are never logged
  });
});
