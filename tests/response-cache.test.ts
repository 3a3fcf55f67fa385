/**
 * The response cache through the real gateway: public answers are shared by callers of the public
 * class and served without asking a subgraph; metering counts a cached answer exactly as a computed
 * one (and counts it as cached); rate limits and quotas still apply; answers for callers who see
 * more (operators, government institutions, an enterprise itself) are never stored or served.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDb } from '../lib/db/client.ts';
import { clientModules, type Db as PlatformDb } from '../subgraphs/platform/db/client.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';
import { registerInstitution } from './support/institutions.ts';
import { archiveSql } from './support/cache.ts';

let stack: Stack;
let db: PlatformDb;

beforeAll(async () => {
  stack = await startStack({ enterprises: 20, persons: 10, gatewayEnv: { RESPONSE_CACHE_BYTES: String(64 * 1024 * 1024) } });
  db = await openDb(clientModules, stack.provider as 'sqlite', stack.env.PLATFORM_DATABASE_URL!);
}, 120_000);
afterAll(async () => {
  await db?.close();
  await stack?.close();
}, 120_000);

const ARCHIVE = `query Archive($u: ID!) { enterprise(uscc: $u) { uscc name penalties { id amount disclosure } honors { id } rating { score grade } } }`;

async function usage(institutionId: string) {
  await stack.gateway.metering.recorder.flush();
  const rows = await db.prisma.usageBucket.findMany({ where: { institutionId } });
  return rows.reduce((t, r) => ({ requests: t.requests + r.requests, archivePulls: t.archivePulls + r.archivePulls, cachedRequests: t.cachedRequests + r.cachedRequests }),
    { requests: 0, archivePulls: 0, cachedRequests: 0 });
}

let seeded: string[] = [];
/** The seed's enterprises (the demo credentials name only a few), in name order. */
async function enterprise(i: number): Promise<string> {
  if (!seeded.length) {
    const r = await stack.query('{ enterprises(first: 20) { edges { node { uscc } } } }');
    seeded = r.body.data!.enterprises.edges.map((e: { node: { uscc: string } }) => e.node.uscc);
  }
  return seeded[i]!;
}

/** An enterprise of the demo seed with penalties in publicity, so an answer counts a pull. */
async function enterpriseWithPenalties(): Promise<string> {
  await enterprise(0);
  for (const uscc of seeded) {
    const r = await stack.query(ARCHIVE, { variables: { u: uscc } });
    if (r.body.data?.enterprise?.penalties.length) return uscc;
  }
  throw new Error('the demo seed has no enterprise with a penalty in publicity');
}

describe('public answers from the cache', () => {
  it('serves a repeated public read without asking the enterprise subgraph, to anonymous callers and institutions alike', async () => {
    const uscc = await enterprise(3);
    const first = await stack.query(ARCHIVE, { variables: { u: uscc } });
    expect(first.body.errors).toBeUndefined();
    stack.resetSql();
    const again = await stack.query(ARCHIVE, { variables: { u: uscc } });
    expect(again.body).toEqual(first.body);
    expect(archiveSql(stack)).toEqual([]);
    // A credit service agency sees the same public archive (it computes once: its pulls must be counted).
    const agency = apiKey(stack.credentials.institutions.CREDIT_SERVICE.apiKey);
    expect((await stack.query(ARCHIVE, { variables: { u: uscc }, headers: agency })).body).toEqual(first.body);
    stack.resetSql();
    expect((await stack.query(ARCHIVE, { variables: { u: uscc }, headers: apiKey(stack.credentials.institutions.INDUSTRY_ASSOCIATION.apiKey) })).body).toEqual(first.body);
    expect(archiveSql(stack)).toEqual([]);
  });

  it('serves a kept answer at the door, before Apollo Server, byte for byte and header for header as it was computed', async () => {
    const uscc = await enterprise(4);
    const send = () => fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...apiKey(stack.credentials.institutions.CREDIT_SERVICE.apiKey) },
      body: JSON.stringify({ query: ARCHIVE, variables: { u: uscc } }),
    });
    const door = stack.gateway.frontDoor!;
    const computed = await send();
    const servedBefore = door.stats.served;
    const kept = await send();
    expect(door.stats.served).toBe(servedBefore + 1);
    expect(await kept.text()).toBe(await computed.text());
    const headers = (r: Response) => [...r.headers].filter(([k]) => !['date', 'x-request-id', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit', 'content-length'].includes(k));
    expect(headers(kept)).toEqual(headers(computed));
    expect(kept.status).toBe(200);
    // A GET, or an operation sent by hash, goes through Apollo Server and is still answered from the cache there.
    const hitsBefore = stack.gateway.responseCache!.stats.hits;
    const get = await fetch(`${stack.url}?query=${encodeURIComponent(ARCHIVE)}&variables=${encodeURIComponent(JSON.stringify({ u: uscc }))}`, {
      headers: { 'apollo-require-preflight': 'true', ...apiKey(stack.credentials.institutions.CREDIT_SERVICE.apiKey) },
    });
    expect(get.status).toBe(200);
    expect(stack.gateway.responseCache!.stats.hits).toBe(hitsBefore + 1);
    expect(door.stats.served).toBe(servedBefore + 1);
  });

  it('writes a kept answer with the Content-Length of its UTF-8 bytes, alone and inside a batch', async () => {
    const [a, b] = [await enterprise(5), await enterprise(6)];
    const agency = apiKey(stack.credentials.institutions.CREDIT_SERVICE.apiKey);
    const send = (body: unknown) => fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...agency }, body: JSON.stringify(body) });
    const computed = [await (await send({ query: ARCHIVE, variables: { u: a } })).text(), await (await send({ query: ARCHIVE, variables: { u: b } })).text()];
    expect(computed[0]).toMatch(/[\u4e00-\u9fff]/); // Chinese names: bytes and characters differ
    const door = stack.gateway.frontDoor!;
    const servedBefore = door.stats.served;
    const single = await send({ query: ARCHIVE, variables: { u: a } });
    const singleBytes = Buffer.from(await single.arrayBuffer());
    expect(Number(single.headers.get('content-length'))).toBe(singleBytes.length);
    expect(singleBytes.toString('utf8')).toBe(computed[0]);
    const batch = await send([{ query: ARCHIVE, variables: { u: a } }, { query: ARCHIVE, variables: { u: b } }]);
    const batchBytes = Buffer.from(await batch.arrayBuffer());
    expect(Number(batch.headers.get('content-length'))).toBe(batchBytes.length);
    expect(JSON.parse(batchBytes.toString('utf8'))).toEqual(computed.map((t) => JSON.parse(t)));
    expect(door.stats.served).toBe(servedBefore + 3);
  });

  it('meters a cached answer with the archive pulls of a computed one, and reports it as cached', async () => {
    const uscc = await enterpriseWithPenalties();
    const inst = await registerInstitution(stack, '缓存计量测试', 'ratePerSecond: 1000, burst: 1000');
    for (let i = 0; i < 4; i++) {
      const r = await stack.query(ARCHIVE, { variables: { u: uscc }, headers: apiKey(inst.key) });
      expect(r.body.data?.enterprise.uscc).toBe(uscc);
    }
    expect(await usage(inst.id)).toEqual({ requests: 4, archivePulls: 4, cachedRequests: 3 });
    const day = 86_400_000;
    const report = await stack.query('query($from: DateTime!, $to: DateTime!) { usage(from: $from, to: $to, granularity: DAY) { requests archivePulls cachedRequests } }', {
      headers: apiKey(inst.key), variables: { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
    });
    expect(report.body.errors).toBeUndefined();
    // The report's own request is counted once flushed; this one is not yet.
    expect(report.body.data?.usage).toEqual({ requests: 4, archivePulls: 4, cachedRequests: 3 });
  });

  it('applies rate limits and quotas before the cache', async () => {
    const uscc = await enterpriseWithPenalties();
    const limited = await registerInstitution(stack, '缓存限流测试', 'ratePerSecond: 1, burst: 2');
    // Sent together: one after another, four answers may take over a second on a loaded machine (a token refilled).
    const statuses = await Promise.all([0, 1, 2, 3].map(async () => (await stack.query(ARCHIVE, { variables: { u: uscc }, headers: apiKey(limited.key) })).status));
    expect(statuses.sort()).toEqual([200, 200, 429, 429]);
    const quota = await registerInstitution(stack, '缓存配额测试', 'ratePerSecond: 1000, burst: 1000, dailyArchivePulls: 2');
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push((await stack.query(ARCHIVE, { variables: { u: uscc }, headers: apiKey(quota.key) })).body.errors?.[0]?.extensions?.code ?? 'OK');
      await stack.gateway.metering.recorder.flush();
    }
    expect(answers).toEqual(['OK', 'OK', 'QUOTA_EXCEEDED']);
  });

  it('keeps answers that see more than the public out of the cache, whichever caller asks first', async () => {
    const dept = apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey);
    const uscc = stack.credentials.enterprises[1]!.uscc;
    const submit = await stack.query(`mutation($records: [RecordValues!]!) { submitRecords(item: "FR-CF-001", records: $records) { accepted } }`, {
      headers: dept,
      variables: { records: [{ recordId: 'SZ-ECO-CACHE-1', uscc, documentNumber: '深环罚〔2026〕9号', decisionDate: '2026-01-05', violation: '未批先建',
        legalBasis: '《中华人民共和国环境影响评价法》第三十一条', penaltyType: '罚款', amount: 1000, severity: 'GENERAL', domain: 'GENERAL' }] },
    });
    expect(submit.body.data?.submitRecords.accepted).toBe(1);
    const withdraw = await stack.query(`mutation { withdrawRecord(item: "FR-CF-001", recordId: "SZ-ECO-CACHE-1", reason: "行政复议撤销原处罚决定") { withdrawn } }`, { headers: dept });
    expect(withdraw.body.data?.withdrawRecord.withdrawn).toBe(1);
    const withdrawnIn = (body: { data?: Record<string, any> | null }) =>
      (body.data?.enterprise.penalties as Array<{ disclosure: string }>).filter((p) => p.disclosure === 'WITHDRAWN').length;

    const government = apiKey(stack.credentials.institutions.GOVERNMENT.apiKey);
    const self = bearer(stack.credentials.enterprises[1]!.token);
    expect(withdrawnIn((await stack.query(ARCHIVE, { variables: { u: uscc }, headers: government })).body)).toBe(1);
    expect(withdrawnIn((await stack.query(ARCHIVE, { variables: { u: uscc }, headers: self })).body)).toBe(1);
    expect(withdrawnIn((await stack.query(ARCHIVE, { variables: { u: uscc } })).body)).toBe(0);
    expect(withdrawnIn((await stack.query(ARCHIVE, { variables: { u: uscc } })).body)).toBe(0);
    expect(withdrawnIn((await stack.query(ARCHIVE, { variables: { u: uscc }, headers: bearer(stack.credentials.operator.token) })).body)).toBe(1);
    expect(withdrawnIn((await stack.query(ARCHIVE, { variables: { u: uscc }, headers: government })).body)).toBe(1);
  });

  it('answers a caller\'s next read after its own write freshly', async () => {
    const uscc = await enterprise(6);
    const read = async () => (await stack.query(ARCHIVE, { variables: { u: uscc } })).body.data?.enterprise.penalties.length as number;
    const before = await read();
    expect(await read()).toBe(before);
    const submit = await stack.query(`mutation($records: [RecordValues!]!) { submitRecords(item: "FR-CF-001", records: $records) { accepted } }`, {
      headers: apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey),
      variables: { records: [{ recordId: 'SZ-ECO-CACHE-2', uscc, documentNumber: '深环罚〔2026〕10号', decisionDate: '2026-01-05', violation: '未批先建',
        legalBasis: '《中华人民共和国环境影响评价法》第三十一条', penaltyType: '罚款', amount: 2000, severity: 'GENERAL', domain: 'GENERAL' }] },
    });
    expect(submit.body.data?.submitRecords.accepted).toBe(1);
    expect(await read()).toBe(before + 1);
  });
});
