/**
 * The integration suite's core on PostgreSQL, one database per subgraph, on a throwaway server
 * the test starts itself: the archive across subgraphs, the disclosure rules and the access log,
 * and metering. Skipped loudly where PostgreSQL is not installed; CI never skips it
 * (REQUIRE_POSTGRES=1 turns the skip into a failure).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SUBGRAPHS, envPrefix } from '../lib/config.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from './support/postgres.ts';
import { startGateway } from '../gateway/main.ts';
import { createLogger } from '../lib/logger.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

const available = postgresAvailable();
if (!available) {
  if (process.env.REQUIRE_POSTGRES === '1') throw new Error('PostgreSQL is required (REQUIRE_POSTGRES=1) but not installed');
  console.warn('\n!!! PostgreSQL not installed: the PostgreSQL integration suite is SKIPPED !!!\n');
}
const maybe = available ? describe : describe.skip;

maybe('the supergraph on PostgreSQL', () => {
  let pg: PostgresInstance;
  let stack: Stack;

  beforeAll(async () => {
    pg = await startPostgres();
    const env: Record<string, string> = { DATABASE_PROVIDER: 'postgresql' };
    for (const name of SUBGRAPHS) env[`${envPrefix(name)}_DATABASE_URL`] = await pg.createDatabase(`cg_${name.replace('-', '_')}`);
    stack = await startStack({ env, gatewayEnv: { METERING_FLUSH_MS: '100' } });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await pg?.stop();
  });

  it('serves the first demo enterprise\'s archive, legal representative and loans', async () => {
    const c = stack.credentials;
    const { body } = await stack.query(`query($u: ID!) { enterprise(uscc: $u) { uscc name
      licenses { id } penalties { id amount } redList { id } blackList { id } certificates { id } inspections { id }
      commitments { id } evaluations { id } honors { id } otherRecords { id }
      legalRepresentative { id idNumber } creditEasyLoans { amount lender { name } } } }`,
    { variables: { u: c.enterprises[0]!.uscc }, headers: apiKey(c.institutions.FINANCIAL.apiKey) });
    expect(body.errors).toBeUndefined();
    const e = body.data!.enterprise;
    for (const k of ['licenses', 'penalties', 'redList', 'blackList', 'certificates', 'inspections', 'commitments', 'evaluations', 'honors', 'otherRecords', 'creditEasyLoans']) {
      expect({ k, has: e[k].length > 0 }).toEqual({ k, has: true });
    }
    expect(e.legalRepresentative.id).toBe(c.persons[0]!.id);
    expect(e.legalRepresentative.idNumber).toMatch(/\*{8}/);
  });

  it('pages enterprises with a cursor', async () => {
    const first = await stack.query('{ enterprises(first: 5) { edges { cursor node { uscc } } pageInfo { hasNextPage endCursor } } }');
    const after = first.body.data!.enterprises.pageInfo.endCursor;
    const second = await stack.query('query($a: String) { enterprises(first: 5, after: $a) { edges { node { uscc } } } }', { variables: { a: after } });
    const a = first.body.data!.enterprises.edges.map((e: { node: { uscc: string } }) => e.node.uscc);
    const b = second.body.data!.enterprises.edges.map((e: { node: { uscc: string } }) => e.node.uscc);
    expect(a).toHaveLength(5);
    expect(b).toHaveLength(5);
    expect(a.filter((x: string) => b.includes(x))).toEqual([]);
  });

  it('discloses a person to the consented bank only, and logs it for the person', async () => {
    const c = stack.credentials;
    const q = `query($id: String!) { person(idNumber: $id) { id penalties { id } } }`;
    const variables = { id: c.persons[2]!.idNumber };
    const denied = await stack.query(q, { variables, headers: apiKey(c.institutions.CREDIT_SERVICE.apiKey, 'CREDIT_CHECK') });
    expect(denied.body.data).toEqual({ person: null });
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bank = await stack.query(q, { variables, headers: { ...apiKey(c.institutions.FINANCIAL.apiKey, 'CREDIT_EASY_LOAN'), 'x-request-id': 'pg-audit-1' } });
    expect(bank.body.data!.person.id).toBe(c.persons[2]!.id);
    const log = await stack.query(`query($id: String!) { person(idNumber: $id) { accessLog { edges { node { requestId basis } } } } }`,
      { variables, headers: bearer(c.persons[2]!.token) });
    expect(log.body.data!.person.accessLog.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ requestId: 'pg-audit-1', basis: 'CONSENT' });
  });

  it('meters an institution\'s requests into the platform database', async () => {
    const c = stack.credentials;
    const gov = c.institutions.GOVERNMENT;
    for (let i = 0; i < 4; i++) await stack.query('{ me { kind } }', { headers: apiKey(gov.apiKey) });
    await stack.gateway.metering.recorder.flush();
    const now = Date.now();
    const usage = await stack.query(`query($id: ID, $from: DateTime!, $to: DateTime!) { usage(from: $from, to: $to, granularity: DAY, institutionId: $id) { requests buckets { requests } } }`,
      { variables: { id: gov.id, from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() }, headers: bearer(c.operator.token) });
    expect(usage.body.errors).toBeUndefined();
    expect(usage.body.data!.usage.requests).toBe(4);
    expect(usage.body.data!.usage.buckets.reduce((n: number, b: { requests: number }) => n + b.requests, 0)).toBe(4);
  });

  it('keeps exact counts and a shared quota across two gateways on one PostgreSQL', async () => {
    const c = stack.credentials;
    const op = bearer(c.operator.token);
    const reg = await stack.query(`mutation { registerInstitution(input: { name: "两网关配额", kind: CREDIT_SERVICE, ratePerSecond: 1000, burst: 1000, dailyArchivePulls: 4 }) { id } }`, { headers: op });
    const id = reg.body.data!.registerInstitution.id;
    const key = (await stack.query(`mutation($id: ID!) { issueApiKey(institutionId: $id) { key } }`, { variables: { id }, headers: op })).body.data!.issueApiKey.key;
    const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([n, sg]) => [`${envPrefix(n)}_URL`, sg.url]));
    const second = await startGateway({ ...stack.env, ...urls, METERING_FLUSH_MS: '100' }, { port: 0, logger: createLogger({ name: 'gateway-2', level: 'warn' }) });
    try {
      const ask = async (url: string) => (await fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ query: `{ enterprise(uscc: "${c.enterprises[0]!.uscc}") { penalties { id } } }` }),
      })).status;
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push(await ask(i % 2 ? second.url : stack.url));
        // Two flush rounds = two flush intervals: each gateway then reads the other's writes.
        // (Within one interval they may overshoot by what they admitted in it: the stated bound.)
        for (let round = 0; round < 2; round++) {
          await stack.gateway.metering.recorder.flush();
          await second.metering.recorder.flush();
        }
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const now = Date.now();
      const usage = await stack.query(`query($id: ID, $from: DateTime!, $to: DateTime!) { usage(from: $from, to: $to, granularity: DAY, institutionId: $id) { requests archivePulls rejected } }`,
        { variables: { id, from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() }, headers: op });
      expect(usage.body.data!.usage).toEqual({ requests: 6, archivePulls: 4, rejected: 2 });
    } finally {
      await second.close();
    }
  });
});
