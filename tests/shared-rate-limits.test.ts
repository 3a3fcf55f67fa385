/**
 * Several gateways, one rate limit: with RATE_LIMIT_STORE=postgresql every gateway takes tokens
 * from the same buckets (an UNLOGGED table on the PostgreSQL database; gateway/metering/
 * rate-limit-postgres.ts), so a caller gets the burst once across the fleet, not once per gateway.
 * Runs in the `postgresql` jest project (its throwaway server holds the platform database).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningGateway } from '../gateway/main.ts';
import { postgresRateLimits } from '../gateway/metering/rate-limit-postgres.ts';
import { createLogger } from '../lib/logger.ts';
import { startSecondGateway } from './support/gateway.ts';
import { registerInstitution } from './support/institutions.ts';
import { testProvider } from './support/provider.ts';
import { startStack, type Stack } from './support/stack.ts';

const onPostgres = testProvider() === 'postgresql';
const describePg = onPostgres ? describe : describe.skip;

let stack: Stack;
const gateways: RunningGateway[] = [];
let bigKey: string;

beforeAll(async () => {
  if (!onPostgres) return;
  stack = await startStack();
  const shared = { RATE_LIMIT_STORE: 'postgresql', GATEWAY_WORKERS: '1', ANONYMOUS_RATE_PER_SECOND: '1', ANONYMOUS_BURST: '5', TRUST_PROXY_HOPS: '1' };
  gateways.push(await startSecondGateway(stack, shared, 'gateway-a'), await startSecondGateway(stack, shared, 'gateway-b'));
  bigKey = (await registerInstitution(stack, '共享限流', 'ratePerSecond: 1, burst: 1000')).key;
}, 120_000);
afterAll(async () => {
  for (const g of gateways) await g.close();
  await stack?.close();
});

async function ask(url: string, client: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify({ query: '{ __typename }' }) });
  await res.arrayBuffer();
  return { status: res.status, remaining: res.headers.get('ratelimit-remaining'), retryAfter: res.headers.get('retry-after') };
}

describePg('rate limits shared by two gateways through PostgreSQL', () => {
  it('counts one bucket down across both gateways, whatever the time the requests take', async () => {
    // A bucket of 1,000 refilling 1 token a second, 40 requests one after the other, alternately on
    // each gateway: one shared bucket has 1,000 - 40 + (seconds elapsed) tokens left; a bucket per
    // gateway would still hold 1,000 - 20 + (seconds elapsed).
    const started = performance.now();
    const answers = [];
    for (let i = 0; i < 40; i++) {
      const res = await fetch(gateways[i % 2]!.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': bigKey }, body: JSON.stringify({ query: '{ __typename }' }) });
      await res.arrayBuffer();
      answers.push({ status: res.status, remaining: Number(res.headers.get('ratelimit-remaining')) });
    }
    const elapsedSeconds = (performance.now() - started) / 1000;
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.at(-1)!.remaining).toBeLessThanOrEqual(1000 - 40 + Math.ceil(elapsedSeconds));
    expect(answers.at(-1)!.remaining).toBeGreaterThanOrEqual(1000 - 40);
  });

  it('spends no token twice when both gateways take at once: exactly the burst of 12 concurrent requests passes', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(gateways[i % 2]!.url, '10.18.1.2')));
    // The rate refills 1 token a second: the 12 are admitted well within one on an idle machine.
    expect(answers.filter((a) => a.status === 200).map((a) => a.remaining).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
  });

  it('limits per process when its database does not answer, instead of refusing every request', async () => {
    const store = postgresRateLimits('postgresql://postgres@127.0.0.1:1/none', createLogger({ name: 'rate-limit-test', level: 'silent' }));
    try {
      expect(await store.take('k', 1, 2)).toMatchObject({ allowed: true, remaining: 1 });
      expect(await store.take('k', 1, 2)).toMatchObject({ allowed: true, remaining: 0 });
      expect(await store.take('k', 1, 2)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    } finally {
      await store.close?.();
    }
  });
});
