/**
 * Admission through the real gateway: the RateLimit headers' values, one rate bucket per anonymous
 * client IP (behind a trusted proxy) and per bearer subject, daily and monthly quotas refused at
 * the pull after the last with `Retry-After` to the next China Standard Time midnight or month, and
 * an API key's revocation or its institution's suspension taking effect within API_KEY_CACHE_MS.
 * (The same rules at their exact instants, under a test clock: gateway/metering/admission.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningGateway } from '../gateway/main.ts';
import { cstDayStart, nextCstMonthStart } from '../lib/time.ts';
import { startSecondGateway } from './support/gateway.ts';
import { registerInstitution } from './support/institutions.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

const KEY_CACHE_MS = 1000;
let stack: Stack;
/** A gateway with small anonymous and subject buckets, behind one trusted proxy. */
let small: RunningGateway;

beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { API_KEY_CACHE_MS: String(KEY_CACHE_MS) } });
  small = await startSecondGateway(stack, {
    ANONYMOUS_RATE_PER_SECOND: '1', ANONYMOUS_BURST: '2', SUBJECT_RATE_PER_SECOND: '1', SUBJECT_BURST: '2', TRUST_PROXY_HOPS: '1',
  }, 'gateway-small-buckets');
});
afterAll(async () => {
  await small?.close();
  await stack?.close();
});

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: res.status, headers: res.headers, body: await res.json() as { data?: any; errors?: { message: string; extensions: { code: string } }[] } };
}

const register = (plan: string) => registerInstitution(stack, '准入测试', plan);

const ME = '{ me { kind } }';

describe('the RateLimit headers', () => {
  it('carry the burst, the tokens left and the seconds until the bucket is full again', async () => {
    const { key } = await register('ratePerSecond: 1, burst: 100');
    let last = await post(stack.url, ME, apiKey(key));
    for (let i = 0; i < 2; i++) last = await post(stack.url, ME, apiKey(key));
    const h = Object.fromEntries(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy'].map((k) => [k, last.headers.get(k)]));
    const remaining = Number(h['ratelimit-remaining']);
    // 3 of 100 taken; at 1 token a second the bucket regains some while the requests run (on a
    // busy machine, seconds): the bound only says the count moved down from the burst.
    expect(remaining).toBeGreaterThanOrEqual(90);
    expect(remaining).toBeLessThanOrEqual(99);
    // At one token a second, the seconds until full are exactly the tokens missing.
    expect(h).toEqual({ 'ratelimit-limit': '100', 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String(100 - remaining), 'ratelimit-policy': '100;w=100' });
  });
});

describe('rate buckets', () => {
  /** Sends `n` requests at once; the refusals' status, code and Retry-After. */
  const burst = async (n: number, headers: Record<string, string>) =>
    (await Promise.all(Array.from({ length: n }, () => post(small.url, ME, headers))))
      .filter((r) => r.status !== 200)
      .map((r) => ({ status: r.status, code: r.body.errors?.[0]?.extensions.code, retryAfter: Number(r.headers.get('retry-after')) >= 1 }));
  // Ten at once against a bucket of 2 refilled at 1/s: some are refused (unless the machine took
  // over 8 s to admit them).
  const REFUSED = { status: 429, code: 'RATE_LIMITED', retryAfter: true };

  it('are kept per anonymous client IP, as the trusted proxy reports it', async () => {
    expect(await burst(10, { 'x-forwarded-for': '203.0.113.7' })).toContainEqual(REFUSED);
    const other = await post(small.url, ME, { 'x-forwarded-for': '198.51.100.7, 203.0.113.8' });
    expect({ status: other.status, remaining: other.headers.get('ratelimit-remaining') }).toEqual({ status: 200, remaining: '1' });
  });

  it('are kept per bearer subject, not per IP, and apart from anonymous callers', async () => {
    const [a, b] = stack.credentials.persons;
    expect(await burst(10, bearer(a!.token))).toContainEqual(REFUSED);
    for (const headers of [bearer(b!.token), { 'x-forwarded-for': '203.0.113.9' }, bearer(stack.credentials.enterprises[0]!.token)]) {
      const r = await post(small.url, ME, headers);
      expect({ status: r.status, remaining: r.headers.get('ratelimit-remaining') }).toEqual({ status: 200, remaining: '1' });
    }
  });
});

describe('quotas', () => {
  const PULL = `query($u: ID!) { enterprise(uscc: $u) { penalties { id } } }`;
  const pull = async (key: string) => {
    const res = await fetch(stack.url, {
      method: 'POST', headers: { 'content-type': 'application/json', ...apiKey(key) },
      body: JSON.stringify({ query: PULL, variables: { u: stack.credentials.enterprises[0]!.uscc } }),
    });
    return { status: res.status, retryAfter: Number(res.headers.get('retry-after')), code: ((await res.json()) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code };
  };

  it('admits the daily quota\'s last pull and refuses the next until midnight China Standard Time', async () => {
    const { key } = await register('ratePerSecond: 100, burst: 100, dailyArchivePulls: 2');
    expect([(await pull(key)).status, (await pull(key)).status]).toEqual([200, 200]);
    const over = await pull(key);
    const expected = (cstDayStart(new Date()).getTime() + 86_400_000 - Date.now()) / 1000;
    expect({ status: over.status, code: over.code }).toEqual({ status: 429, code: 'QUOTA_EXCEEDED' });
    // Seconds, not an instant: a few of slack for the request's own time (UTC midnight is 8 h off).
    expect(Math.abs(over.retryAfter - expected)).toBeLessThanOrEqual(5);
  });

  it('admits the monthly quota\'s last pull and refuses the next until the next month in China Standard Time', async () => {
    const { key } = await register('ratePerSecond: 100, burst: 100, monthlyArchivePulls: 2');
    expect([(await pull(key)).status, (await pull(key)).status]).toEqual([200, 200]);
    const over = await pull(key);
    const expected = (nextCstMonthStart(new Date()).getTime() - Date.now()) / 1000;
    expect({ status: over.status, code: over.code }).toEqual({ status: 429, code: 'QUOTA_EXCEEDED' });
    expect(Math.abs(over.retryAfter - expected)).toBeLessThanOrEqual(5);
  });
});

describe('API keys through the gateway\'s cache', () => {
  const op = () => bearer(stack.credentials.operator.token);
  const afterCache = () => new Promise((r) => setTimeout(r, KEY_CACHE_MS + 200));
  const asKey = async (key: string) => {
    const r = await post(stack.url, ME, apiKey(key));
    return { status: r.status, kind: r.body.data?.me?.kind, error: r.body.errors?.[0]?.message };
  };

  it('stop opening anything within API_KEY_CACHE_MS of their revocation', async () => {
    const { id } = await register('ratePerSecond: 100, burst: 100');
    const issued = await stack.query(`mutation($id: ID!) { issueApiKey(institutionId: $id) { id key } }`, { variables: { id }, headers: op() });
    const { id: keyId, key } = issued.body.data!.issueApiKey;
    expect(await asKey(key)).toEqual({ status: 200, kind: 'INSTITUTION', error: undefined });
    await stack.query(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { variables: { id: keyId }, headers: op() });
    await afterCache();
    expect(await asKey(key)).toEqual({ status: 401, kind: undefined, error: 'This API key has been revoked.' });
  });

  it('stop opening anything within API_KEY_CACHE_MS of their institution\'s suspension, and open again on reinstatement', async () => {
    const { id, key } = await register('ratePerSecond: 100, burst: 100');
    expect((await asKey(key)).status).toBe(200);
    const status = async (s: string) => (await stack.query(`mutation($id: ID!) { setInstitutionStatus(id: $id, status: ${s}) { status } }`,
      { variables: { id }, headers: op() })).body.data!.setInstitutionStatus.status;
    expect(await status('SUSPENDED')).toBe('SUSPENDED');
    await afterCache();
    expect(await asKey(key)).toEqual({ status: 401, kind: undefined, error: 'This institution is suspended.' });
    expect(await status('ACTIVE')).toBe('ACTIVE');
    await afterCache();
    expect(await asKey(key)).toEqual({ status: 200, kind: 'INSTITUTION', error: undefined });
  });
});
