/**
 * Social-organisation catalogue items collected through the one submitRecords mutation (issue 13):
 * the enterprise subgraph forwards them to the social-org subgraph, which writes them in its own
 * database through the registry the person subgraph shares (lib/collection/registry.ts). A
 * department's penalty then shows in the organisation's archive through the gateway with the
 * catalogue's publicity end; a replay changes nothing, a correction is the next version with the old
 * one kept, a bad code is rejected with its reason and path beside a good record, a department the
 * catalogue does not name is refused, the sender withdraws, and a CSV goes through POST /ingest.
 * The civil-affairs department has no demo key: an operator submits for it (the only provider).
 * Every accepted, updated and withdrawn record is in the social-org change log, and a bank watching
 * the organisation hears of a new penalty in its feed and by a signed webhook (issue 14).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startReceiver, type Receiver } from '../subgraphs/platform/monitoring/test-receiver.ts';
import type { Db as SocialOrgDb } from '../subgraphs/social-org/db/client.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let receiver: Receiver;
let uscc: string;

const ITEM = 'SHZZ-CF-001';
const SUBMIT = `mutation($records: [RecordValues!]!) {
  submitRecords(item: "${ITEM}", records: $records) { department submitted accepted updated unchanged rejected
    results { recordId outcome archiveRecordId version reason field message } } }`;
const WITHDRAW = `mutation($id: String!) {
  withdrawRecord(item: "${ITEM}", recordId: $id, reason: "复议撤销") { withdrawn unchanged results { outcome version } } }`;
const PENALTIES = `query($uscc: ID!) { socialOrganization(uscc: $uscc) { penalties { id documentNumber violation sourceDepartment publicityEndDate } } }`;
const AUDIT = `query($uscc: ID!) { socialOrganization(uscc: $uscc) { penalties { id documentNumber catalogItemCode withdrawnOn } } }`;

const operator = () => bearer(stack.credentials.operator.token);
const orgDb = () => (stack.subgraphs['social-org'] as unknown as { db: SocialOrgDb }).db;
const penalty = (recordId: string, violation: string, code = uscc) => ({
  recordId, uscc: code, documentNumber: `深民罚〔2026〕${recordId}号`, decisionDate: '2026-10-05', violation, penaltyType: '警告',
});
const submit = (records: unknown[], headers: Record<string, string> = operator()) => stack.query(SUBMIT, { variables: { records }, headers });
const archive = async (headers: Record<string, string> = operator(), query = PENALTIES) =>
  (await stack.query(query, { variables: { uscc }, headers })).body.data!.socialOrganization.penalties as Record<string, unknown>[];

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack({ enterprises: 10, persons: 5, env: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_RETRY_BASE_MS: '50' } });
  uscc = (await orgDb().prisma.socialOrganization.findFirstOrThrow({ where: { usccCheckDigitValid: true }, orderBy: { uscc: 'asc' } })).uscc;
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe('a social-organisation penalty sent by its department', () => {
  it('shows in the organisation\'s archive; a replay is UNCHANGED, a correction UPDATED with the old version kept, a bad code REJECTED beside it', async () => {
    const res = await submit([penalty('SO-1', '未按规定年检')]);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.submitRecords).toMatchObject({ department: 'civil', submitted: 1, accepted: 1 });
    const { archiveRecordId: id } = res.body.data!.submitRecords.results[0];
    expect(await archive()).toContainEqual({
      id, documentNumber: '深民罚〔2026〕SO-1号', violation: '未按规定年检', sourceDepartment: '民政局', publicityEndDate: '2029-10-05',
    });
    expect(await orgDb().prisma.socialOrgPenalty.findUniqueOrThrow({ where: { id } })).toMatchObject({ catalogItemCode: ITEM, withdrawnOn: null });

    const again = await submit([penalty('SO-1', '未按规定年检')]);
    expect(again.body.data!.submitRecords).toMatchObject({ unchanged: 1, accepted: 0, updated: 0 });

    const corrected = await submit([penalty('SO-1', '未按规定报送年度工作报告'), penalty('SO-BAD', '未按规定年检', '5144030000000000XX')]);
    expect(corrected.body.data!.submitRecords).toMatchObject({ submitted: 2, updated: 1, rejected: 1 });
    const [updated, rejected] = corrected.body.data!.submitRecords.results;
    expect(updated).toMatchObject({ outcome: 'UPDATED', archiveRecordId: id, version: 2 });
    expect(rejected).toMatchObject({ recordId: 'SO-BAD', outcome: 'REJECTED', reason: expect.stringMatching(/^USCC_/), field: 'records[1].uscc' });
    expect((await archive()).filter((p) => p.id === id).map((p) => p.violation)).toEqual(['未按规定报送年度工作报告']);
    const [entry] = await orgDb().prisma.collectedRecord.findMany({ where: { departmentCode: 'civil', sourceRecordId: 'SO-1' } });
    const versions = await orgDb().prisma.collectedRecordVersion.findMany({ where: { recordId: entry!.id }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.action, JSON.parse(v.data).violation])).toEqual([[1, 'ACCEPTED', '未按规定年检'], [2, 'UPDATED', '未按规定报送年度工作报告']]);
  });

  it('is refused FORBIDDEN to a department the catalogue does not name for the item', async () => {
    const res = await submit([penalty('SO-ECO', '未按规定年检')], apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey));
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await orgDb().prisma.collectedRecord.count({ where: { sourceRecordId: 'SO-ECO' } })).toBe(0);
  });

  it('is withdrawn by the department that sent it: no longer disclosed to the public or a bank, kept for operators with its withdrawal day; again: UNCHANGED', async () => {
    const res = await stack.query(WITHDRAW, { variables: { id: 'SO-1' }, headers: operator() });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.withdrawRecord).toMatchObject({ withdrawn: 1, results: [{ outcome: 'WITHDRAWN', version: 3 }] });
    expect((await archive({})).map((p) => p.documentNumber)).not.toContain('深民罚〔2026〕SO-1号');
    expect((await archive(apiKey(stack.credentials.institutions.FINANCIAL.apiKey))).map((p) => p.documentNumber)).not.toContain('深民罚〔2026〕SO-1号');
    expect(await archive(operator(), AUDIT)).toContainEqual({
      id: expect.any(String), documentNumber: '深民罚〔2026〕SO-1号', catalogItemCode: ITEM, withdrawnOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    // An operator's credit report on the organisation still lists it, marked withdrawn.
    const issued = await stack.query('mutation($s: ID!) { issueCreditReport(subject: $s, purpose: TENDERING) { json } }',
      { variables: { s: uscc }, headers: operator() });
    expect(issued.body.errors).toBeUndefined();
    const report = JSON.parse(issued.body.data!.issueCreditReport.json) as { sections: { key: string; records?: Record<string, unknown>[] }[] };
    expect(report.sections.find((x) => x.key === 'penalties')!.records).toContainEqual(
      expect.objectContaining({ documentNumber: '深民罚〔2026〕SO-1号', withdrawnOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }));
    const again = await stack.query(WITHDRAW, { variables: { id: 'SO-1' }, headers: operator() });
    expect(again.body.data!.withdrawRecord).toMatchObject({ withdrawn: 0, unchanged: 1 });
  });

  it('is in the social-org change log: accepted, updated and withdrawn, each once, with its item, department and version', async () => {
    const [entry] = await orgDb().prisma.collectedRecord.findMany({ where: { departmentCode: 'civil', sourceRecordId: 'SO-1' } });
    const events = await orgDb().prisma.changeEvent.findMany({ where: { recordId: entry!.archiveId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.type, e.subjectKind, e.subject, e.category, e.itemCode, e.departmentCode, e.version])).toEqual([
      ['RECORD_ADDED', 'SOCIAL_ORGANIZATION', uscc, 'PENALTIES', ITEM, 'civil', 1],
      ['RECORD_UPDATED', 'SOCIAL_ORGANIZATION', uscc, 'PENALTIES', ITEM, 'civil', 2],
      ['RECORD_WITHDRAWN', 'SOCIAL_ORGANIZATION', uscc, 'PENALTIES', ITEM, 'civil', 3],
    ]);
  });

  it('comes in a CSV through POST /ingest: the good row in the archive, the bad one rejected with its reason', async () => {
    const csv = ['recordId,uscc,documentNumber,decisionDate,violation,penaltyType',
      `CSV-1,${uscc},深民罚〔2026〕CSV-1号,2026-11-01,违规收费,警告`,
      `CSV-2,${uscc},深民罚〔2026〕CSV-2号,2026-13-01,违规收费,警告`].join('\n') + '\n';
    const res = await fetch(`${stack.url.replace(/\/graphql$/, '')}/ingest/${ITEM}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...operator() }, body: csv });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    const JOB = `query($id: ID!) { ingestJob(id: $id) { status accepted rejected rejections(first: 10) { recordId reason field } } }`;
    let job: Record<string, any> | undefined;
    for (let i = 0; i < 200 && (!job || job.status === 'RUNNING'); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      job = (await stack.query(JOB, { variables: { id: jobId }, headers: operator() })).body.data?.ingestJob;
    }
    expect(job).toMatchObject({ status: 'DONE', accepted: 1, rejected: 1, rejections: [{ recordId: 'CSV-2', reason: 'DATE_FORMAT', field: 'decisionDate' }] });
    expect((await archive()).map((p) => p.documentNumber)).toContain('深民罚〔2026〕CSV-1号');
  });
});

describe('a bank watching a social organisation', () => {
  const bank = () => apiKey(stack.credentials.institutions.FINANCIAL.apiKey);
  const FEED = 'query($since: String) { changes(since: $since) { cursor events { id type subject category recordId } } }';

  it('hears of its new penalty by a signed webhook and in its feed', async () => {
    const watched = await stack.query('mutation($s: [ID!]!) { watch(subjects: $s) { watched } }', { variables: { s: [uscc] }, headers: bank() });
    expect(watched.body.errors).toBeUndefined();
    const reg = await stack.query('mutation($url: String!) { registerWebhook(url: $url, events: [RECORD_ADDED]) { secret } }',
      { variables: { url: receiver.url }, headers: bank() });
    expect(reg.body.errors).toBeUndefined();
    receiver.secret = reg.body.data!.registerWebhook.secret;

    const res = await submit([penalty('SO-MON', '违规开展评比表彰活动')]);
    const id = res.body.data!.submitRecords.results[0].archiveRecordId;
    const ours = () => receiver.requests.find((r) => receiver.accepted.has(r.id) && (r.body as { data?: { recordId?: string } }).data?.recordId === id);
    const deadline = Date.now() + 20_000; // bound: delivery takes well under a second on an idle machine
    while (!ours() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const got = ours();
    expect(got?.verified).toBe(true);
    expect(got!.body).toMatchObject({ type: 'RECORD_ADDED', data: { subject: uscc, category: 'PENALTIES', recordId: id } });
    // This penalty alone: the organisation's earlier ones (the tests above) were recorded before the
    // bank began to watch, so they never reach it, however late the matcher reads them.
    expect([...new Set(receiver.requests.map((r) => (r.body as { data: { recordId: string } }).data.recordId))]).toEqual([id]);
    const feed = await stack.query(FEED, { variables: { since: null }, headers: bank() });
    expect(feed.body.data!.changes.events).toEqual([expect.objectContaining({ type: 'RECORD_ADDED', subject: uscc, category: 'PENALTIES', recordId: id })]);
  });
});
