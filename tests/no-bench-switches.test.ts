/**
 * Production code has no bench switch. The variables that once turned authorization and metering
 * off (`AUTHORIZATION=0`, `METERING=0`) or let unsigned calls read a subgraph
 * (`BENCH_UNSIGNED_CALLS=1`) are ignored like any other variable that is not ours, in development
 * and in production alike: the bench signs its peers' calls and builds its bare gateway through
 * `startGateway`'s options (bench/README.md).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { envPrefix } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { startGateway, type RunningGateway } from '../gateway/main.ts';
import { apiKey, bearer, startStack, type GraphQLBody, type Stack } from './support/stack.ts';

const OLD_SWITCHES = { AUTHORIZATION: '0', METERING: '0', BENCH_UNSIGNED_CALLS: '1' };

let stack: Stack;
let production: RunningGateway;

beforeAll(async () => {
  stack = await startStack({ env: OLD_SWITCHES });
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [`${envPrefix(n)}_URL`, s.url]));
  production = await startGateway({
    ...stack.env, ...urls, ...OLD_SWITCHES, NODE_ENV: 'production', JWT_JWKS_FILE: join(stack.dataDir, 'idp-jwks.json'),
  }, { port: 0, logger: createLogger({ name: 'gateway-production', level: 'warn' }) });
}, 120_000);
afterAll(async () => {
  await production?.close();
  await stack?.close();
});

async function post(url: string, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() as GraphQLBody };
}

describe('a subgraph started with BENCH_UNSIGNED_CALLS=1', () => {
  it('refuses an unsigned call carrying the old bench caller header with 401', async () => {
    const bank = { kind: 'INSTITUTION', institutionId: 'x', institutionKind: 'FINANCIAL', institutionName: 'x', scopes: ['loans:read'] };
    const header = Buffer.from(JSON.stringify({ principal: bank, purpose: null, requestId: 'r' })).toString('base64url');
    const { status, body } = await post(stack.subgraphs.enterprise.url, `{ enterprise(uscc: "${stack.credentials.enterprises[0]!.uscc}") { name } }`,
      { 'x-creditgraph-bench-caller': header });
    expect(status).toBe(401);
    expect(body.data).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe.each([
  ['development', () => stack.url],
  ['production', () => production.url],
])('a gateway started with AUTHORIZATION=0 METERING=0 (%s)', (_mode, url) => {
  it('still withholds a protected field at the gateway, before any subgraph is asked', async () => {
    const { status, body } = await post(url(), 'query($u: ID!) { enterprise(uscc: $u) { name creditEasyLoans { id } } }', {}, { u: stack.credentials.enterprises[0]!.uscc });
    expect(status).toBe(200);
    expect(body.data).toEqual({ enterprise: { name: expect.any(String), creditEasyLoans: null } });
    // The gateway's own denial (the finance subgraph's would carry its serviceName and its own words).
    expect(body.errors).toEqual([{ message: 'Not authorized to see Enterprise.creditEasyLoans.', path: ['enterprise', 'creditEasyLoans'], extensions: { code: 'FORBIDDEN' } }]);
  });

  it('still meters an institution\'s request and archive pull', async () => {
    const op = bearer(stack.credentials.operator.token);
    const reg = await stack.query(`mutation { registerInstitution(input: { name: "开关测试 ${_mode}", kind: CREDIT_SERVICE, ratePerSecond: 100, burst: 100 }) { id } }`, { headers: op });
    const id = reg.body.data!.registerInstitution.id as string;
    const key = (await stack.query('mutation($id: ID!) { issueApiKey(institutionId: $id) { key } }', { variables: { id }, headers: op })).body.data!.issueApiKey.key as string;

    const read = await post(url(), 'query($u: ID!) { enterprise(uscc: $u) { penalties { id } } }', apiKey(key), { u: stack.credentials.enterprises[0]!.uscc });
    expect(read.body.errors).toBeUndefined();
    for (const gw of [stack.gateway, production]) await gw.metering.recorder.flush();

    const now = Date.now();
    const usage = await stack.query('query($id: ID, $from: DateTime!, $to: DateTime!) { usage(from: $from, to: $to, institutionId: $id) { requests archivePulls } }',
      { variables: { id, from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() }, headers: op });
    expect(usage.body.data!.usage).toEqual({ requests: 1, archivePulls: 1 });
  });
});
