/**
 * Invalidation of the response cache from the change log, across gateways: a write through one
 * gateway reaches another gateway's cache through the enterprise subgraph's `/changes` within a
 * second; and a property test: random callers of every kind asking random queries, with writes
 * interleaved (made through another gateway, so that only the change log can tell this one), each
 * answer equal to what the same caller gets from a gateway with the cache off.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type RunningGateway } from '../gateway/main.ts';
import { envPrefix, SUBGRAPHS } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';
import { archiveSql } from './support/cache.ts';

let stack: Stack;
/** Writes go through this one; the stack's gateway (cache on) learns of them from the change log only. */
let writer: RunningGateway;
/** The reference: the same gateway with the cache off. */
let uncached: RunningGateway;

const OPEN_RATES = {
  ANONYMOUS_RATE_PER_SECOND: '10000', ANONYMOUS_BURST: '10000', SUBJECT_RATE_PER_SECOND: '10000', SUBJECT_BURST: '10000',
  RESPONSE_CACHE_BYTES: String(64 * 1024 * 1024),
};

beforeAll(async () => {
  stack = await startStack({ enterprises: 12, persons: 6, gatewayEnv: OPEN_RATES });
  const urls = Object.fromEntries(SUBGRAPHS.map((n) => [`${envPrefix(n)}_URL`, stack.subgraphs[n].url]));
  const start = (name: string, env: Record<string, string>) =>
    startGateway({ ...stack.env, ...urls, ...OPEN_RATES, ...env }, { port: 0, logger: createLogger({ name, level: 'warn' }) });
  writer = await start('gateway-writer', {});
  uncached = await start('gateway-uncached', { RESPONSE_CACHE_BYTES: '0' });
  await stack.gateway.changeFollower!.caughtUp();
}, 180_000);
afterAll(async () => {
  await writer?.close();
  await uncached?.close();
  await stack?.close();
}, 120_000);

async function post(url: string, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() as { data?: any; errors?: any[] } };
}

const dept = () => apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey);
let recordNo = 0;
const SUBMIT = `mutation($records: [RecordValues!]!) { submitRecords(item: "FR-CF-001", records: $records) { accepted } }`;
const WITHDRAW = `mutation($id: String!) { withdrawRecord(item: "FR-CF-001", recordId: $id, reason: "行政复议撤销原处罚决定") { withdrawn } }`;

/** A penalty collected from the eco department for `uscc`, through the writer gateway; its record id. */
async function collectPenalty(uscc: string): Promise<string> {
  const recordId = `SZ-ECO-INV-${++recordNo}`;
  const r = await post(writer.url, SUBMIT, dept(), { records: [{
    recordId, uscc, documentNumber: `深环罚〔2026〕${100 + recordNo}号`, decisionDate: '2026-01-05', violation: '未批先建',
    legalBasis: '《中华人民共和国环境影响评价法》第三十一条', penaltyType: '罚款', amount: 1000 * recordNo, severity: 'GENERAL', domain: 'GENERAL',
  }] });
  expect(r.body.data?.submitRecords.accepted).toBe(1);
  return recordId;
}

const PENALTIES = `query($u: ID!) { enterprise(uscc: $u) { penalties { id amount } } }`;

describe('invalidation from the change log', () => {
  it('shows a penalty collected through another gateway at this gateway\'s next reads, as soon as the change log announces it', async () => {
    const uscc = stack.credentials.enterprises[2]!.uscc;
    const count = async () => (await post(stack.url, PENALTIES, {}, { u: uscc })).body.data.enterprise.penalties.length as number;
    const before = await count();
    stack.resetSql();
    expect(await count()).toBe(before);
    expect(archiveSql(stack)).toEqual([]); // served from the cache
    await collectPenalty(uscc);
    const written = Date.now();
    let seen = await count();
    while (seen === before && Date.now() - written < 5_000) {
      await new Promise((r) => setTimeout(r, 25));
      seen = await count();
    }
    expect(seen).toBe(before + 1);
    // The contract is "within 1 s" (the route answers a held poll as soon as the event is appended;
    // about 50 ms on an idle machine). The bound here is 3 s because these tests share two cores with
    // other suites (1.4 s seen at a load average of 14); a follower that sat out its 10 s long poll,
    // or a cache that kept its answer, still fails it.
    expect(Date.now() - written).toBeLessThan(3_000);
  });

  it('keeps the answers about other enterprises', async () => {
    const [a, b] = [stack.credentials.enterprises[0]!.uscc, stack.credentials.enterprises[1]!.uscc];
    await post(stack.url, PENALTIES, {}, { u: a });
    await collectPenalty(b);
    await stack.gateway.changeFollower!.caughtUp();
    stack.resetSql();
    await post(stack.url, PENALTIES, {}, { u: a });
    expect(archiveSql(stack)).toEqual([]);
  });
});

/** mulberry32: a small seeded generator, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('the cache never changes an answer', () => {
  it('gives every caller, for random queries between random writes, what the gateway without a cache gives them', async () => {
    const seed = Number(process.env.CACHE_PROPERTY_SEED ?? Date.now() % 1_000_000);
    const next = random(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const c = stack.credentials;
    const seeded = (await post(uncached.url, '{ enterprises(first: 12) { edges { node { uscc } } } }')).body.data.enterprises.edges.map((e: any) => e.node.uscc as string);
    const subjects = [...new Set([...c.enterprises.map((e) => e.uscc), ...seeded.slice(0, 3)])];
    const callers: Array<[string, Record<string, string>]> = [
      ['anonymous', {}],
      ['person (legal representative of enterprises[0])', bearer(c.persons[0]!.token)],
      ['person', bearer(c.persons[1]!.token)],
      ['enterprise itself', bearer(c.enterprises[1]!.token)],
      ['operator', bearer(c.operator.token)],
      ['bank with a purpose', apiKey(c.institutions.FINANCIAL.apiKey, 'CREDIT_EASY_LOAN')],
      ['government', apiKey(c.institutions.GOVERNMENT.apiKey)],
      ['credit service', apiKey(c.institutions.CREDIT_SERVICE.apiKey)],
      ['industry association', apiKey(c.institutions.INDUSTRY_ASSOCIATION.apiKey)],
      ['partner city', apiKey(c.institutions.PARTNER_CITY.apiKey)],
    ];
    const queries: Array<(u: string, v: string) => [string, Record<string, unknown>]> = [
      (u) => [`query($u: ID!) { enterprise(uscc: $u) { uscc name penalties { id amount disclosure } honors { id } rating { score grade } } }`, { u }],
      (u) => [`{ enterprise(uscc: "${u}") { name penalties { id amount disclosure } } }`, {}],
      () => ['{ enterprises(first: 6) { edges { node { uscc name penalties { id disclosure } } } } }', {}],
      (u) => [`query($u: ID!) { enterprise(uscc: $u) { name legalRepresentative { id name } } }`, { u }],
      (u) => [`query($u: ID!) { enterprise(uscc: $u) { penalties { id } objections { id } } }`, { u }],
      (u) => [`query($u: ID!) { enterprise(uscc: $u) { ...A } } fragment A on Enterprise { uscc licenses { id } rating { score } }`, { u }],
      (u, v) => [`query($a: ID!, $b: ID!) { a: enterprise(uscc: $a) { penalties { id } } b: enterprise(uscc: $b) { penalties { id amount } } }`, { a: u, b: v }],
      (u) => [`query($id: String!) { person(idNumber: $id) { name } enterprise(uscc: "${u}") { name } }`, { id: c.persons[0]!.idNumber }],
    ];
    const collected: string[] = [];
    let reads = 0;
    let writes = 0;
    for (let step = 0; step < 150; step++) {
      const roll = next();
      if (roll < 0.12) {
        collected.push(await collectPenalty(pick(subjects)));
        writes++;
        await stack.gateway.changeFollower!.caughtUp();
        continue;
      }
      if (roll < 0.16 && collected.length) {
        const id = collected.splice(Math.floor(next() * collected.length), 1)[0]!;
        expect((await post(writer.url, WITHDRAW, dept(), { id })).body.data?.withdrawRecord.withdrawn).toBe(1);
        writes++;
        await stack.gateway.changeFollower!.caughtUp();
        continue;
      }
      const [who, headers] = pick(callers);
      const [query, variables] = pick(queries)(pick(subjects), pick(subjects));
      // Asked twice of the cached gateway: the second is a hit whenever the first could be stored.
      const cached = [await post(stack.url, query, headers, variables), await post(stack.url, query, headers, variables)];
      const fresh = await post(uncached.url, query, headers, variables);
      reads++;
      for (const answer of cached) {
        if (JSON.stringify(answer) !== JSON.stringify(fresh)) {
          throw new Error(`seed ${seed}, step ${step}: ${who} asked ${query} ${JSON.stringify(variables)}\ncached: ${JSON.stringify(answer)}\nwithout cache: ${JSON.stringify(fresh)}`);
        }
      }
    }
    expect(reads).toBeGreaterThan(100);
    expect(writes).toBeGreaterThan(5);
    // The cache was used (else the property would hold trivially).
    expect(stack.gateway.responseCache!.stats.hits).toBeGreaterThan(20);
  }, 240_000);
});
