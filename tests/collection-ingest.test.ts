/**
 * Bulk collection through the real gateway: a GB18030 CSV with good and bad rows streamed to
 * POST /ingest/<item>, followed by `ingestJob`, the rejected rows back as CSV with a reason column,
 * a replay of the same file that changes nothing, a UTF-8 NDJSON file with a BOM, and refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { openDb } from '../lib/db/client.ts';
import { runCli } from '../scripts/cli.ts';
import { clientModules } from '../subgraphs/platform/db/client.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let deptKey: Record<string, string>;
const base = () => stack.url.replace(/\/graphql$/, '');

const JOB = `query($id: ID!) { ingestJob(id: $id) { id item department status format encoding submitted accepted updated unchanged rejected error
  rejections(first: 10) { line recordId reason field } } }`;

async function upload(body: Buffer | string, contentType: string, headers = deptKey, item = 'FR-CF-001') {
  const res = await fetch(`${base()}/ingest/${item}`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function finished(jobId: string) {
  for (let i = 0; i < 200; i++) {
    const { body } = await stack.query(JOB, { variables: { id: jobId }, headers: deptKey });
    const job = body.data?.ingestJob;
    if (job && job.status !== 'RUNNING') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

const PENALTIES = `query($u: ID!) { enterprise(uscc: $u) { penalties(first: 100) { id documentNumber amount violation } } }`;

let csv: Buffer;

beforeAll(async () => {
  stack = await startStack({ enterprises: 20, persons: 10 });
  deptKey = apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey);
  const [a, b, c] = stack.credentials.enterprises.map((e) => e.uscc);
  const header = 'recordId,uscc,documentNumber,decisionDate,violation,legalBasis,penaltyType,amount,severity,domain';
  const rows = [
    `CSV-1,${a},深环罚〔2026〕101号,2026-01-05,超标排放水污染物,《中华人民共和国水污染防治法》第八十三条,罚款,120000,GENERAL,GENERAL`,
    `CSV-2,${b},深环罚〔2026〕102号,2026-01-06,"未按规定设置排污口，且
拒不改正",《中华人民共和国水污染防治法》第八十四条,"罚款、责令限期拆除",80000,GENERAL,GENERAL`,
    `CSV-3,${c},深环罚〔2026〕103号,2026-01-07,噪声超标,《中华人民共和国噪声污染防治法》第七十五条,警告,,MINOR,GENERAL`,
    `CSV-4,${a},深环罚〔2026〕104号,2026-01-08,违规处置危险废物,《中华人民共和国固体废物污染环境防治法》第一百一十二条,罚款,50000,严重,GENERAL`,
    `CSV-5,${b},深环罚〔2026〕105号,2026/13/01,违规排放,依据,罚款,1000,GENERAL,GENERAL`,
    `CSV-6,440305199810071144,深环罚〔2026〕106号,2026-01-09,违规排放,依据,罚款,1000,GENERAL,GENERAL`,
    `CSV-7,${c},只有三列`,
  ];
  csv = iconv.encode([header, ...rows].join('\r\n') + '\r\n', 'gb18030');
}, 120_000);
afterAll(async () => { await stack?.close(); });

describe('POST /ingest/<item>', () => {
  let jobId: string;

  it('reads a GB18030 CSV with good and bad rows: the good ones are in, the bad ones say why', async () => {
    const res = await upload(csv, 'text/csv; charset=GB18030');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'RUNNING', item: 'FR-CF-001', department: 'eco', format: 'CSV', encoding: 'GB18030' });
    jobId = res.body.jobId;
    const job = await finished(jobId);
    expect(job).toMatchObject({ status: 'DONE', submitted: 7, accepted: 3, updated: 0, unchanged: 0, rejected: 4, error: null });
    expect(job.rejections).toEqual([
      { line: 6, recordId: 'CSV-4', reason: 'VALUE_NOT_ALLOWED', field: 'severity' },
      { line: 7, recordId: 'CSV-5', reason: 'DATE_FORMAT', field: 'decisionDate' },
      { line: 8, recordId: 'CSV-6', reason: 'SUBJECT_KIND', field: 'uscc' },
      { line: 9, recordId: null, reason: 'MALFORMED_ROW', field: null },
    ]);
    const b = stack.credentials.enterprises[1]!.uscc;
    const penalties = (await stack.query(PENALTIES, { variables: { u: b } })).body.data!.enterprise.penalties as Array<{ documentNumber: string; violation: string }>;
    expect(penalties.find((p) => p.documentNumber === '深环罚〔2026〕102号')?.violation).toBe('未按规定设置排污口，且\n拒不改正');
  });

  it('gives the rejected rows back as CSV in the file\'s encoding, with a reason column and ID numbers masked', async () => {
    const res = await fetch(`${base()}/ingest/jobs/${jobId}/rejected.csv`, { headers: deptKey });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=GB18030');
    const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'gb18030');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('recordId,uscc,documentNumber,decisionDate,violation,legalBasis,penaltyType,amount,severity,domain,reason,field,message,line');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^CSV-4,.*,严重,GENERAL,VALUE_NOT_ALLOWED,severity,/);
    expect(text).not.toContain('440305199810071144');
    expect(lines[3]).toContain('440305********1144');
    const other = await fetch(`${base()}/ingest/jobs/${jobId}/rejected.csv`, { headers: apiKey(stack.credentials.institutions.GOVERNMENT.apiKey) });
    expect(other.status).toBe(403);
  });

  it('changes nothing when the same file comes again', async () => {
    const before = await stack.query(PENALTIES, { variables: { u: stack.credentials.enterprises[0]!.uscc } });
    const res = await upload(csv, 'text/csv; charset=GB18030');
    const job = await finished(res.body.jobId);
    expect(job).toMatchObject({ status: 'DONE', submitted: 7, accepted: 0, updated: 0, unchanged: 3, rejected: 4 });
    expect((await stack.query(PENALTIES, { variables: { u: stack.credentials.enterprises[0]!.uscc } })).body).toEqual(before.body);
  });

  it('reads UTF-8 NDJSON with a BOM, the encoding sniffed, and counts a changed record as updated', async () => {
    const a = stack.credentials.enterprises[0]!.uscc;
    const line = (amount: number) => JSON.stringify({
      recordId: 'CSV-1', uscc: a, documentNumber: '深环罚〔2026〕101号', decisionDate: '2026-01-05', violation: '超标排放水污染物',
      legalBasis: '《中华人民共和国水污染防治法》第八十三条', penaltyType: '罚款', amount, severity: 'GENERAL', domain: 'GENERAL',
    });
    const res = await upload(`\uFEFF${line(100000)}\n{not json\n`, 'application/x-ndjson');
    expect(res.body).toMatchObject({ format: 'NDJSON', encoding: 'UTF-8' });
    const job = await finished(res.body.jobId);
    expect(job).toMatchObject({ status: 'DONE', submitted: 2, updated: 1, rejected: 1, rejections: [{ line: 2, reason: 'MALFORMED_ROW' }] });
  });

  it('refuses callers who are not source departments, and items the department does not provide', async () => {
    const gov = await upload(csv, 'text/csv; charset=GB18030', apiKey(stack.credentials.institutions.GOVERNMENT.apiKey));
    expect(gov.status).toBe(403);
    const anon = await upload(csv, 'text/csv; charset=GB18030', {});
    expect(anon.status).toBe(403);
    const enterprise = await upload(csv, 'text/csv', bearer(stack.credentials.enterprises[0]!.token));
    expect(enterprise.status).toBe(403);
    const notItsItem = await upload(csv, 'text/csv; charset=GB18030', deptKey, 'FR-HMD-001');
    expect(notItsItem.status).toBe(403);
    expect(notItsItem.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const badType = await upload('x', 'application/pdf');
    expect(badType.status).toBe(415);
  });
});

describe('the ingest routes at the gateway', () => {
  it('admits and meters an upload like a GraphQL request: RateLimit headers, and a request (a refusal a rejected one) in the usage', async () => {
    const dept = stack.credentials.institutions.SOURCE_DEPARTMENT;
    const platform = await openDb(clientModules, (stack.env.DATABASE_PROVIDER ?? 'sqlite') as 'sqlite', stack.env.PLATFORM_DATABASE_URL!);
    const usage = async () => (await platform.prisma.usageBucket.findMany({ where: { institutionId: dept.id } }))
      .reduce((t, r) => ({ requests: t.requests + r.requests, rejected: t.rejected + r.rejected }), { requests: 0, rejected: 0 });
    try {
      await stack.gateway.metering.recorder.flush();
      const before = await usage();
      const res = await fetch(`${base()}/ingest/FR-CF-001`, { method: 'POST', headers: { 'content-type': 'text/csv; charset=GB18030', ...deptKey }, body: csv });
      expect(res.status).toBe(202);
      expect(res.headers.get('ratelimit-limit')).not.toBeNull();
      const refused = await upload('x', 'application/pdf');
      expect(refused.status).toBe(415);
      await stack.gateway.metering.recorder.flush();
      const after = await usage();
      expect({ requests: after.requests - before.requests, rejected: after.rejected - before.rejected }).toEqual({ requests: 2, rejected: 1 });
      await finished(((await res.json()) as { jobId: string }).jobId); // polled after the count: ingestJob is metered too
    } finally {
      await platform.close();
    }
  });
});

describe('npm run cli -- ingest file', () => {
  it('loads the example file, follows the job to the end, and saves the rejected rows', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const rejected = join(mkdtempSync(join(tmpdir(), 'cg-ingest-')), 'rejected.csv');
    const code = await runCli(['ingest', 'file', 'examples/penalties-eco-gb18030.csv', '--item', 'FR-CF-001', '--encoding', 'gb18030',
      '--gateway', base(), '--key', stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey, '--rejected', rejected], {
      env: {}, db: () => { throw new Error('no database here'); }, dataDir: async () => stack.dataDir,
      out: (t) => out.push(t), err: (t) => err.push(t), now: () => new Date(),
    });
    expect({ code, err: err.join('\n') }).toEqual({ code: 0, err: expect.stringMatching(/DONE: 5 rows, 3 accepted, 0 updated, 0 unchanged, 2 rejected/) });
    expect(out[0]).toMatch(/^[0-9a-f-]{36}$/);
    const lines = iconv.decode(readFileSync(rejected), 'gb18030').trim().split('\r\n');
    expect(lines.slice(1).map((l) => /,(VALUE_NOT_ALLOWED|USCC_FORMAT),/.exec(l)?.[1])).toEqual(['VALUE_NOT_ALLOWED', 'USCC_FORMAT']);
  });
});
