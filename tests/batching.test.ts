/**
 * Batches (a JSON array of operations) at the real gateway: every operation is admitted, counted
 * against the quota and the rate limit, and recorded in usage on its own, exactly as if it had
 * come in a request of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, bearer, startStack, type GraphQLBody, type Stack } from './support/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { METERING_FLUSH_MS: '100000' } }); // flushed by hand below
});
afterAll(async () => { await stack?.close(); });

async function register(name: string, plan: string): Promise<{ id: string; key: string }> {
  const op = bearer(stack.credentials.operator.token);
  const reg = await stack.query(`mutation { registerInstitution(input: { name: "${name}", kind: CREDIT_SERVICE, ${plan} }) { id } }`, { headers: op });
  const id = reg.body.data!.registerInstitution.id as string;
  const issued = await stack.query('mutation($id: ID!) { issueApiKey(institutionId: $id) { key } }', { variables: { id }, headers: op });
  return { id, key: issued.body.data!.issueApiKey.key as string };
}

async function batch(key: string, operations: { query: string; variables?: Record<string, unknown>; operationName?: string }[]) {
  const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...apiKey(key) }, body: JSON.stringify(operations) });
  return { status: res.status, headers: res.headers, body: await res.json() as GraphQLBody[] };
}

const codes = (body: GraphQLBody[]) => body.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
const PENALTIES = 'query Penalties($u: ID!) { enterprise(uscc: $u) { penalties { id } } }';

describe('batched operations', () => {
  it('counts each operation against the daily quota: the ones beyond it get QUOTA_EXCEEDED', async () => {
    const { key } = await register('批量配额', 'ratePerSecond: 1000, burst: 1000, dailyArchivePulls: 3');
    const u = stack.credentials.enterprises[0]!.uscc; // a record in every archive category: one pull per operation
    const r = await batch(key, Array.from({ length: 5 }, () => ({ query: PENALTIES, variables: { u } })));
    expect(r.status).toBe(200);
    expect(codes(r.body)).toEqual(['OK', 'OK', 'OK', 'QUOTA_EXCEEDED', 'QUOTA_EXCEEDED']);
    expect(r.body[0]!.data!.enterprise.penalties.length).toBeGreaterThan(0);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // Over the quota, a whole batch is refused as a plain 429.
    const again = await batch(key, [{ query: PENALTIES, variables: { u } }, { query: '{ me { kind } }' }]);
    expect(again.status).toBe(429);
    expect(codes(again.body)).toEqual(['QUOTA_EXCEEDED', 'QUOTA_EXCEEDED']);
  });

  it('takes one rate-limit token per operation', async () => {
    // Burst 4 refilling at 1/s: the batch runs in well under the second that would add a token.
    const { key } = await register('批量限流', 'ratePerSecond: 1, burst: 4');
    const r = await batch(key, Array.from({ length: 6 }, () => ({ query: '{ me { kind } }' })));
    expect(codes(r.body)).toEqual(['OK', 'OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(r.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('records every operation of a batch in usage, with its own pulls and name', async () => {
    const { key } = await register('批量计量', 'ratePerSecond: 1000, burst: 1000');
    const [a, b] = stack.credentials.enterprises.map((e) => e.uscc);
    const r = await batch(key, [
      { query: PENALTIES, variables: { u: a }, operationName: 'Penalties' },
      { query: 'query Licenses($u: ID!) { enterprise(uscc: $u) { licenses { id } } }', variables: { u: a } },
      { query: 'query Both($a: ID!, $b: ID!) { x: enterprise(uscc: $a) { honors { id } } y: enterprise(uscc: $b) { uscc } }', variables: { a, b } },
      { query: 'query Who { me { kind } }' },
      { query: '{ me { nosuchfield } }' },
    ]);
    expect(codes(r.body)).toEqual(['OK', 'OK', 'OK', 'OK', 'GRAPHQL_VALIDATION_FAILED']);
    await stack.gateway.metering.recorder.flush();
    const day = 86_400_000;
    const usage = await stack.query(`query($from: DateTime!, $to: DateTime!) { usage(from: $from, to: $to, granularity: DAY) {
      requests archivePulls rejected operations(first: 20) { operationName requests archivePulls } } }`, {
      headers: apiKey(key), variables: { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
    });
    const report = usage.body.data!.usage;
    expect({ requests: report.requests, archivePulls: report.archivePulls, rejected: report.rejected })
      .toEqual({ requests: 5, archivePulls: 3, rejected: 1 });
    const ops = (report.operations as { operationName: string | null; requests: number; archivePulls: number }[])
      .map((o) => [o.operationName, o.requests, o.archivePulls]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(ops).toEqual([['Both', 1, 1], ['Licenses', 1, 1], ['Penalties', 1, 1], ['Who', 1, 0]]);
  });
});
