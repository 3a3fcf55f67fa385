/**
 * Metering end to end: two gateways sharing one platform database, two institutions, a known load;
 * the counts land exactly. Rate limits answer 429 with Retry-After; quotas hold across gateways;
 * a graceful stop loses nothing and `kill -9` loses at most the last flush interval.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDb } from '../lib/db/client.ts';
import { clientModules, type Db as PlatformDb } from '../subgraphs/platform/db/client.ts';
import { startGateway, type RunningGateway } from '../gateway/main.ts';
import { createLogger } from '../lib/logger.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';
import { spawnGateway } from './support/gateway.ts';
import { registerInstitution } from './support/institutions.ts';

let stack: Stack;
let second: RunningGateway;
let db: PlatformDb;

const FLUSH_MS = 150;

const register = (name: string, plan: string) => registerInstitution(stack, name, plan);

async function totals(institutionId: string) {
  const rows = await db.prisma.usageBucket.findMany({ where: { institutionId } });
  return rows.reduce((t, r) => ({
    requests: t.requests + r.requests, archivePulls: t.archivePulls + r.archivePulls,
    personRecordPulls: t.personRecordPulls + r.personRecordPulls, rejected: t.rejected + r.rejected,
  }), { requests: 0, archivePulls: 0, personRecordPulls: 0, rejected: 0 });
}

async function post(url: string, query: string, headers: Record<string, string>, variables?: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, headers: res.headers, body: await res.json() as { data?: any; errors: any[] } };
}

beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { METERING_FLUSH_MS: String(FLUSH_MS) } });
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [`${n.toUpperCase().replace(/-/g, '_')}_URL`, s.url]));
  second = await startGateway({ ...stack.env, ...urls, METERING_FLUSH_MS: String(FLUSH_MS) }, { port: 0, logger: createLogger({ name: 'gateway-2', level: 'warn' }) });
  db = await openDb(clientModules, (stack.env.DATABASE_PROVIDER ?? 'sqlite') as 'sqlite', stack.env.PLATFORM_DATABASE_URL!);
});
afterAll(async () => {
  await second?.close();
  await db?.close();
  await stack?.close();
});

const PAGE = `query($after: String) { enterprises(first: 3, after: $after) { edges { node { uscc penalties { id } honors { id } } } pageInfo { endCursor } } }`;
const OVERVIEW_ONLY = `{ enterprises(first: 3) { edges { node { uscc overview { regionName } } } } }`;

describe('usage counting across two gateways', () => {
  it('counts every request, archive pull and refusal of two institutions exactly', async () => {
    const a = await register('计量测试甲', 'ratePerSecond: 1000, burst: 1000');
    const b = await register('计量测试乙', 'ratePerSecond: 1000, burst: 1000');
    const gateways = [stack.url, second.url];
    // A: 12 page requests (3 enterprises each, archive categories asked) spread over both gateways,
    // + 4 overview-only requests (no archive pull) + 2 refused (bad document).
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) sends.push(post(gateways[i % 2]!, PAGE, apiKey(a.key)));
    for (let i = 0; i < 4; i++) sends.push(post(gateways[i % 2]!, OVERVIEW_ONLY, apiKey(a.key)));
    for (let i = 0; i < 2; i++) sends.push(post(gateways[i % 2]!, '{ enterprise(', apiKey(a.key)));
    // B: 7 requests for one enterprise's archive, asked twice under aliases: one pull per request.
    const uscc = stack.credentials.enterprises[0]!.uscc;
    for (let i = 0; i < 7; i++) {
      sends.push(post(gateways[i % 2]!, `query($u: ID!) { x: enterprise(uscc: $u) { p: penalties { id } } y: enterprise(uscc: $u) { honors { id } } }`, apiKey(b.key), { u: uscc }));
    }
    await Promise.all(sends);
    await stack.gateway.metering.recorder.flush();
    await second.metering.recorder.flush();
    // An archive pull is an enterprise whose asked categories came back non-empty. Read the page
    // as A reads it (another credit service agency: the same disclosure rules) and make sure it
    // holds both kinds, so that a pull counted for empty lists (or one missed) changes the total.
    const page = await post(stack.url, PAGE, apiKey(stack.credentials.institutions.CREDIT_SERVICE.apiKey));
    const withRecords = page.body.data.enterprises.edges.filter((e: { node: { penalties: unknown[]; honors: unknown[] } }) =>
      e.node.penalties.length + e.node.honors.length > 0).length;
    expect(withRecords).toBeGreaterThan(0);
    expect(withRecords).toBeLessThan(3);
    expect(await totals(a.id)).toEqual({ requests: 18, archivePulls: 12 * withRecords, personRecordPulls: 0, rejected: 2 });
    expect(await totals(b.id)).toEqual({ requests: 7, archivePulls: 7, personRecordPulls: 0, rejected: 0 });
  });

  it('counts a person record pull for a bank reading a consenting person', async () => {
    const bank = stack.credentials.institutions.FINANCIAL;
    const before = await totals(bank.id);
    const r = await post(stack.url, `query($id: String!) { person(idNumber: $id) { penalties { id } integrity { grade } } }`,
      apiKey(bank.apiKey, 'CREDIT_EASY_LOAN'), { id: stack.credentials.persons[2]!.idNumber });
    expect(r.body.data.person).not.toBeNull();
    await stack.gateway.metering.recorder.flush();
    const after = await totals(bank.id);
    expect(after.requests - before.requests).toBe(1);
    expect(after.personRecordPulls - before.personRecordPulls).toBe(1);
  });
});

describe('rate limits and quotas', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the burst, and RateLimit headers on every response', async () => {
    const c = await register('限流测试', 'ratePerSecond: 1, burst: 2');
    // Sent together: one after another, four answers may take over a second on a loaded machine,
    // and the bucket refills a token in that second.
    const results = await Promise.all([0, 1, 2, 3].map(() => post(stack.url, '{ me { kind } }', apiKey(c.key))));
    const passed = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect([passed.length, refused.length]).toEqual([2, 2]);
    expect(passed.map((r) => r.headers.get('ratelimit-limit'))).toEqual(['2', '2']);
    expect(passed.map((r) => r.headers.get('ratelimit-remaining')).sort()).toEqual(['0', '1']);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    }
  });

  it('answers 429 QUOTA_EXCEEDED once the daily archive pulls are used, across both gateways', async () => {
    const q = await register('配额测试', 'ratePerSecond: 1000, burst: 1000, dailyArchivePulls: 3');
    const uscc = stack.credentials.enterprises[0]!.uscc;
    const ask = (url: string) => post(url, `query($u: ID!) { enterprise(uscc: $u) { penalties { id } } }`, apiKey(q.key), { u: uscc });
    expect((await ask(stack.url)).status).toBe(200);
    expect((await ask(second.url)).status).toBe(200);
    await stack.gateway.metering.recorder.flush();
    await second.metering.recorder.flush();
    expect((await ask(stack.url)).status).toBe(200);
    await stack.gateway.metering.recorder.flush();
    await second.metering.recorder.flush();
    const over = await ask(second.url);
    expect(over.status).toBe(429);
    expect(over.body.errors[0].extensions.code).toBe('QUOTA_EXCEEDED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
  });
});

describe('durability of the counts', () => {
  // Each test spawns a gateway process (a primary and its workers, started through tsx): up to
  // spawnGateway's 90 s bound on a loaded two-core machine, ~3 s idle. The bound is for that start.
  const gatewayProcess = (flushMs: number) => spawnGateway(stack, { METERING_FLUSH_MS: String(flushMs) });

  it('loses nothing on a graceful stop (SIGTERM)', async () => {
    const c = await register('优雅停机', 'ratePerSecond: 1000, burst: 1000');
    const { child, url } = await gatewayProcess(60_000); // no timed flush: only the stop can flush
    for (let i = 0; i < 9; i++) await post(url, '{ me { kind } }', apiKey(c.key));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    expect((await totals(c.id)).requests).toBe(9);
  }, 150_000);

  it('loses at most the last flush interval on kill -9', async () => {
    const c = await register('强制停机', 'ratePerSecond: 1000, burst: 1000');
    const { child, url } = await gatewayProcess(200);
    for (let i = 0; i < 5; i++) await post(url, '{ me { kind } }', apiKey(c.key));
    // The 5 are written by a timed flush (every 200 ms); waited for, not slept on: a loaded machine
    // may take longer than two intervals, and the test is about what kill -9 loses after it.
    for (const until = Date.now() + 15_000; (await totals(c.id)).requests < 5 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await totals(c.id)).requests).toBe(5);
    for (let i = 0; i < 3; i++) await post(url, '{ me { kind } }', apiKey(c.key));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const { requests } = await totals(c.id);
    expect(requests).toBeGreaterThanOrEqual(5);
    expect(requests).toBeLessThanOrEqual(8);
  }, 150_000);
});
