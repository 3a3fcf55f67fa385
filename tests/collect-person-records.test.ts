/**
 * Natural-person catalogue items collected through the one submitRecords mutation (issue 13): the
 * enterprise subgraph forwards them to the person subgraph, which writes them in its own database.
 * A department's penalty then shows in the person's own archive, to a bank only under the person's
 * consent (and logged), never to a bank without one; replays change nothing, a correction is the
 * next version with the old one kept, a bad ID number is rejected masked (in the answer and every
 * log line), a department the catalogue does not name is refused, and the sender withdraws. A
 * GB18030 CSV of good and bad person rows goes through POST /ingest/<item> (the job and its
 * rejected rows, ID numbers masked, stay with the enterprise subgraph's ledger), and dataQuality
 * counts the natural-person item as any other.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { idNumberCheckChar } from '../lib/identifiers/id-number.ts';
import { todayCST } from '../lib/time.ts';
import type { Db as PersonDb } from '../subgraphs/person/db/client.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let logs = '';

const SUBMIT = `mutation($item: String!, $records: [RecordValues!]!, $department: String) {
  submitRecords(item: $item, records: $records, department: $department) { id item department submitted accepted updated unchanged rejected withdrawn
    results { index recordId outcome archiveRecordId version reason field message } } }`;
const WITHDRAW = `mutation($item: String!, $id: String!) {
  withdrawRecord(item: $item, recordId: $id, reason: "复议撤销") { withdrawn unchanged results { outcome version archiveRecordId } } }`;
const PENALTIES = `query($id: String!) { person(idNumber: $id) { penalties { id catalogItemCode sourceDepartment documentNumber amount publicityEndDate withdrawn } } }`;
const ACCESS_LOG = `query($id: String!) { person(idNumber: $id) { accessLog(first: 50) { edges { node { institutionId basis categories requestId } } } } }`;

const dept = () => apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey);
const bank = () => apiKey(stack.credentials.institutions.FINANCIAL.apiKey, 'CREDIT_EASY_LOAN');
const personDb = () => (stack.subgraphs.person as unknown as { db: PersonDb }).db;

const penalty = (idNumber: string, recordId: string, amount: number) => ({
  recordId, idNumber, documentNumber: `深环罚〔2026〕${recordId}号`, decisionDate: '2026-10-05', violation: '噪声扰民', penaltyType: '罚款', amount,
});

beforeAll(async () => {
  const logDestination = new Writable({ write(chunk, _enc, done) { logs += String(chunk); done(); } });
  stack = await startStack({ enterprises: 10, persons: 10, logDestination, env: { LOG_LEVEL: 'info' } });
}, 120_000);
afterAll(async () => { await stack?.close(); });

describe('a source department submitting a natural-person penalty', () => {
  // persons[2] consented to the FINANCIAL institution; persons[1] did not.
  const consenting = () => stack.credentials.persons[2]!;
  const other = () => stack.credentials.persons[1]!;
  const penaltiesSeenBy = async (idNumber: string, headers: Record<string, string>, requestId?: string) =>
    stack.query(PENALTIES, { variables: { id: idNumber }, headers: { ...headers, ...(requestId ? { 'x-request-id': requestId } : {}) } });

  it('is accepted and shows in the person\'s own archive with the catalogue\'s publicity end', async () => {
    const res = await stack.query(SUBMIT, { variables: { item: 'ZRR-CF-001', records: [penalty(other().idNumber, 'ZRR-1', 200)] }, headers: dept() });
    expect(res.body.errors).toBeUndefined();
    const receipt = res.body.data!.submitRecords;
    expect(receipt).toMatchObject({ item: 'ZRR-CF-001', department: 'eco', submitted: 1, accepted: 1, rejected: 0 });
    expect(receipt.results[0]).toMatchObject({ recordId: 'ZRR-1', outcome: 'ACCEPTED', version: 1, reason: null });
    const id = receipt.results[0].archiveRecordId;

    const own = await penaltiesSeenBy(other().idNumber, bearer(other().token));
    expect(own.body.data!.person.penalties).toContainEqual({
      id, catalogItemCode: 'ZRR-CF-001', sourceDepartment: '深圳市生态环境局', documentNumber: '深环罚〔2026〕ZRR-1号', amount: 200,
      publicityEndDate: '2029-10-05', withdrawn: false,
    });
  });

  it('is not shown to a bank without the person\'s consent', async () => {
    const own = await penaltiesSeenBy(other().idNumber, bearer(other().token));
    expect(JSON.stringify(own.body.data)).toContain('ZRR-1');
    const res = await penaltiesSeenBy(other().idNumber, bank());
    expect(JSON.stringify(res.body.data)).not.toContain('ZRR-1');
    expect(res.body.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });

  it('is shown to a bank under the person\'s consent, and the disclosure is in the access log', async () => {
    const sent = await stack.query(SUBMIT, { variables: { item: 'ZRR-CF-001', records: [penalty(consenting().idNumber, 'ZRR-2', 300)] }, headers: dept() });
    const id = sent.body.data!.submitRecords.results[0].archiveRecordId;
    const res = await penaltiesSeenBy(consenting().idNumber, bank(), 'collect-person-consent-1');
    expect(res.body.data!.person.penalties.map((p: { id: string }) => p.id)).toContain(id);
    const log = await stack.query(ACCESS_LOG, { variables: { id: consenting().idNumber }, headers: bearer(consenting().token) });
    const entry = log.body.data!.person.accessLog.edges.map((e: { node: Record<string, unknown> }) => e.node)
      .find((n: Record<string, unknown>) => n.requestId === 'collect-person-consent-1');
    expect(entry).toMatchObject({ institutionId: stack.credentials.institutions.FINANCIAL.id, basis: 'CONSENT', categories: expect.arrayContaining(['PENALTIES']) });
  });

  it('changes nothing when sent again, and keeps the old version when corrected', async () => {
    const again = await stack.query(SUBMIT, { variables: { item: 'ZRR-CF-001', records: [penalty(other().idNumber, 'ZRR-1', 200)] }, headers: dept() });
    expect(again.body.data!.submitRecords).toMatchObject({ unchanged: 1, accepted: 0, updated: 0 });
    expect(again.body.data!.submitRecords.results[0]).toMatchObject({ outcome: 'UNCHANGED', version: 1 });

    const corrected = await stack.query(SUBMIT, { variables: { item: 'ZRR-CF-001', records: [penalty(other().idNumber, 'ZRR-1', 150)] }, headers: dept() });
    const result = corrected.body.data!.submitRecords.results[0];
    expect(result).toMatchObject({ outcome: 'UPDATED', version: 2 });
    const own = await penaltiesSeenBy(other().idNumber, bearer(other().token));
    expect(own.body.data!.person.penalties.filter((p: { id: string }) => p.id === result.archiveRecordId).map((p: { amount: number }) => p.amount)).toEqual([150]);

    const [registry] = await personDb().prisma.collectedRecord.findMany({ where: { departmentCode: 'eco', sourceRecordId: 'ZRR-1' } });
    const versions = await personDb().prisma.collectedRecordVersion.findMany({ where: { recordId: registry!.id }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.action, JSON.parse(v.data).amount])).toEqual([[1, 'ACCEPTED', 200], [2, 'UPDATED', 150]]);
    // The ID number is kept only encrypted, never in clear, in what the registry keeps.
    expect(JSON.stringify(versions)).not.toContain(other().idNumber);
    const events = await personDb().prisma.changeEvent.findMany({ where: { recordId: result.archiveRecordId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.type, e.itemCode, e.departmentCode, e.version])).toEqual([
      ['RECORD_ADDED', 'ZRR-CF-001', 'eco', 1], ['RECORD_UPDATED', 'ZRR-CF-001', 'eco', 2],
    ]);
  });

  it('rejects a bad ID number with the number masked in the answer and in every log line, and keeps the good record', async () => {
    const good = other().idNumber;
    const wrongCheck = idNumberCheckChar(good.slice(0, 17)) === '0' ? '1' : '0';
    const bad = good.slice(0, 17) + wrongCheck;
    const res = await stack.query(SUBMIT, {
      variables: { item: 'ZRR-CF-001', records: [penalty(bad, 'ZRR-BAD', 10), penalty(good, 'ZRR-3', 10)] }, headers: dept(),
    });
    const receipt = res.body.data!.submitRecords;
    expect(receipt).toMatchObject({ submitted: 2, accepted: 1, rejected: 1 });
    expect(receipt.results[0]).toMatchObject({ outcome: 'REJECTED', reason: 'ID_NUMBER_CHECK_DIGIT', field: 'records[0].idNumber' });
    expect(receipt.results[0].message).toContain(`${bad.slice(0, 6)}********${bad.slice(14)}`);
    expect(JSON.stringify(res.body)).not.toContain(bad);
    expect(logs).toContain('records submitted');
    expect(logs).not.toContain(bad);
    expect(logs).not.toContain(good);
  });

  it('is refused FORBIDDEN for an item the catalogue does not name the department for', async () => {
    const res = await stack.query(SUBMIT, {
      variables: { item: 'ZRR-SX-001', records: [{ recordId: 'SX-1', idNumber: other().idNumber, documentNumber: '(2026)粤03执1号', decisionDate: '2026-10-01', court: '深圳中院', obligation: '给付', listedOn: '2026-10-02' }] },
      headers: dept(),
    });
    expect(res.body.data?.submitRecords ?? null).toBeNull();
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await personDb().prisma.collectedRecord.count({ where: { sourceRecordId: 'SX-1' } })).toBe(0);
  });

  it('lists a judgment debtor sent by an operator for the court', async () => {
    const res = await stack.query(SUBMIT, {
      variables: { item: 'ZRR-SX-001', department: 'court', records: [{ recordId: 'SX-2', idNumber: other().idNumber, documentNumber: '(2026)粤03执2号', decisionDate: '2026-10-01', court: '深圳中院', obligation: '给付', listedOn: '2026-10-02' }] },
      headers: bearer(stack.credentials.operator.token),
    });
    expect(res.body.data!.submitRecords).toMatchObject({ department: 'court', accepted: 1 });
    const own = await stack.query(`query($id: String!) { person(idNumber: $id) { judgmentDebtor { listed cases { caseNumber court } } } }`, {
      variables: { id: other().idNumber }, headers: bearer(other().token),
    });
    expect(own.body.data!.person.judgmentDebtor).toMatchObject({ listed: true, cases: expect.arrayContaining([{ caseNumber: '(2026)粤03执2号', court: '深圳中院' }]) });
  });

  it('is withdrawn by the department that sent it: the person sees it withdrawn, a bank no longer sees it', async () => {
    const res = await stack.query(WITHDRAW, { variables: { item: 'ZRR-CF-001', id: 'ZRR-2' }, headers: dept() });
    expect(res.body.errors).toBeUndefined();
    const { withdrawn, results: [result] } = res.body.data!.withdrawRecord;
    expect(withdrawn).toBe(1);
    expect(result).toMatchObject({ outcome: 'WITHDRAWN', version: 2 });
    const seenByBank = await penaltiesSeenBy(consenting().idNumber, bank());
    expect(seenByBank.body.data!.person.penalties.map((p: { id: string }) => p.id)).not.toContain(result.archiveRecordId);
    const own = await penaltiesSeenBy(consenting().idNumber, bearer(consenting().token));
    expect(own.body.data!.person.penalties.find((p: { id: string }) => p.id === result.archiveRecordId)).toMatchObject({ withdrawn: true });

    const again = await stack.query(WITHDRAW, { variables: { item: 'ZRR-CF-001', id: 'ZRR-2' }, headers: dept() });
    expect(again.body.data!.withdrawRecord).toMatchObject({ withdrawn: 0, unchanged: 1 });
    const resend = await stack.query(SUBMIT, { variables: { item: 'ZRR-CF-001', records: [penalty(consenting().idNumber, 'ZRR-2', 300)] }, headers: dept() });
    expect(resend.body.data!.submitRecords.results[0]).toMatchObject({ outcome: 'REJECTED', reason: 'RECORD_WITHDRAWN' });
  });
});

describe('a bulk file of natural-person penalties', () => {
  const JOB = `query($id: ID!) { ingestJob(id: $id) { status encoding submitted accepted updated unchanged rejected error
    rejections(first: 10) { line recordId reason field } } }`;
  const base = () => stack.url.replace(/\/graphql$/, '');
  const upload = async (body: Buffer) => {
    const res = await fetch(`${base()}/ingest/ZRR-CF-001`, { method: 'POST', headers: { 'content-type': 'text/csv; charset=GB18030', ...dept() }, body });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const finished = async (jobId: string) => {
    for (let i = 0; i < 200; i++) {
      const job = (await stack.query(JOB, { variables: { id: jobId }, headers: dept() })).body.data?.ingestJob;
      if (job && job.status !== 'RUNNING') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${jobId} did not finish`);
  };
  // A valid number of nobody on the platform, and one failing its check character.
  const stranger = '11010519491231002' + idNumberCheckChar('11010519491231002');
  const badCheck = () => { const good = stack.credentials.persons[0]!.idNumber; return good.slice(0, 17) + (good[17] === '0' ? '1' : '0'); };
  const file = () => iconv.encode([
    'recordId,idNumber,documentNumber,decisionDate,violation,penaltyType,amount',
    `BULK-1,${stack.credentials.persons[0]!.idNumber},深交罚〔2026〕1号,2026-11-01,违章停车,罚款,200`,
    `BULK-2,${stack.credentials.persons[1]!.idNumber},深交罚〔2026〕2号,2026/11/02,闯红灯,"罚款、记分",200`,
    `BULK-3,${badCheck()},深交罚〔2026〕3号,2026-11-03,超速,罚款,200`,
    `BULK-4,${stranger},深交罚〔2026〕4号,2026-11-04,超速,罚款,200`,
    `BULK-5,只有两列`,
  ].join('\r\n') + '\r\n', 'gb18030');
  let jobId: string;

  it('writes the good rows to the persons\' archives and says why each bad row was rejected', async () => {
    const res = await upload(file());
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ item: 'ZRR-CF-001', department: 'eco', encoding: 'GB18030' });
    jobId = res.body.jobId;
    expect(await finished(jobId)).toMatchObject({
      status: 'DONE', submitted: 5, accepted: 2, rejected: 3, error: null,
      rejections: [
        { line: 4, recordId: 'BULK-3', reason: 'ID_NUMBER_CHECK_DIGIT', field: 'idNumber' },
        { line: 5, recordId: 'BULK-4', reason: 'SUBJECT_NOT_FOUND', field: 'idNumber' },
        { line: 6, recordId: null, reason: 'MALFORMED_ROW', field: null },
      ],
    });
    const p = stack.credentials.persons[1]!;
    const own = await stack.query(PENALTIES, { variables: { id: p.idNumber }, headers: bearer(p.token) });
    expect(own.body.data!.person.penalties).toContainEqual(expect.objectContaining({ documentNumber: '深交罚〔2026〕2号', sourceDepartment: '深圳市生态环境局' }));
  });

  it('gives the rejected rows back as GB18030 CSV with every ID number masked', async () => {
    const res = await fetch(`${base()}/ingest/jobs/${jobId}/rejected.csv`, { headers: dept() });
    expect(res.status).toBe(200);
    const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'gb18030');
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^BULK-3,.*,ID_NUMBER_CHECK_DIGIT,idNumber,/);
    for (const id of [badCheck(), stranger]) {
      expect(text).not.toContain(id);
      expect(text).toContain(`${id.slice(0, 6)}********${id.slice(14)}`);
    }
    expect(logs).not.toContain(badCheck());
    expect(logs).not.toContain(stranger);
  });

  it('changes nothing when the same file comes again', async () => {
    const res = await upload(file());
    expect(await finished(res.body.jobId)).toMatchObject({ status: 'DONE', submitted: 5, accepted: 0, unchanged: 2, rejected: 3 });
  });

  it('is counted by dataQuality for the department, with the reasons of its rejections', async () => {
    const today = todayCST(new Date());
    const res = await stack.query(`query($f: Date!, $t: Date!) { dataQuality(from: $f, to: $t) { department item submitted accepted updated unchanged rejected withdrawn
      rejectedByReason { reason count } } }`, { variables: { f: today, t: today }, headers: dept() });
    expect(res.body.errors).toBeUndefined();
    const row = res.body.data!.dataQuality.find((q: { item: string }) => q.item === 'ZRR-CF-001');
    // The calls above (9 records: 3 accepted, 1 updated, 2 unchanged, 2 rejected, 1 withdrawn) and the file twice (5 + 5 rows).
    expect(row).toMatchObject({ department: 'eco', submitted: 19, accepted: 5, updated: 1, unchanged: 4, rejected: 8, withdrawn: 1 });
    expect(row.rejectedByReason).toEqual(expect.arrayContaining([
      { reason: 'ID_NUMBER_CHECK_DIGIT', count: 3 }, { reason: 'SUBJECT_NOT_FOUND', count: 2 }, { reason: 'MALFORMED_ROW', count: 2 }, { reason: 'RECORD_WITHDRAWN', count: 1 },
    ]));
  });
});
