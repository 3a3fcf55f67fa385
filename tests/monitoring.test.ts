/**
 * Monitoring through the real gateway and the real change log (issue 14): a bank uploads its loan
 * book, registers a webhook, and a source department's new penalty reaches the bank signed per
 * Standard Webhooks (verified with the published `standardwebhooks` package) and in its `changes`
 * feed, resumable from an old cursor; the penalty's withdrawal hides it at delivery; a suspended
 * bank gets nothing. Run on SQLite and PostgreSQL (jest.config.js BOTH_DATABASES).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startReceiver, type Receiver } from '../subgraphs/platform/monitoring/test-receiver.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let receiver: Receiver;

const SUBMIT = `mutation($item: String!, $records: [RecordValues!]!) {
  submitRecords(item: $item, records: $records) { accepted results { outcome archiveRecordId } } }`;
const WITHDRAW = `mutation($item: String!, $id: String!) { withdrawRecord(item: $item, recordId: $id, reason: "行政复议撤销") { withdrawn } }`;
const FEED = 'query($since: String) { changes(since: $since) { cursor events { id type subject category recordId at } } }';

const penalty = (recordId: string, uscc: string) => ({
  recordId, uscc, documentNumber: `深环罚〔2026〕${recordId}号`, decisionDate: '2026-01-05', violation: '未批先建',
  legalBasis: '《中华人民共和国环境影响评价法》第三十一条', penaltyType: '罚款', amount: 50000, severity: 'GENERAL', domain: 'GENERAL',
});

interface FeedPage { cursor: string; events: { id: string; type: string; subject: string; category: string; recordId: string; at: string }[] }

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack({ enterprises: 20, persons: 10, env: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_RETRY_BASE_MS: '50' } });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe('a bank monitoring its loan book', () => {
  const bank = () => apiKey(stack.credentials.institutions.FINANCIAL.apiKey);
  const dept = () => apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey);
  // The demo credentials name three enterprises: the bank's book.
  const book = () => stack.credentials.enterprises.map((e) => e.uscc);
  const feed = async (since: string | null): Promise<FeedPage> => {
    const res = await stack.query(FEED, { variables: { since }, headers: bank() });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.changes as FeedPage;
  };
  /** The feed after `since` once it holds an event of `type` for `recordId` (the matcher follows the log within its long poll). */
  async function feedWith(since: string | null, type: string, recordId: string): Promise<FeedPage> {
    for (let i = 0; i < 100; i++) {
      const page = await feed(since);
      if (page.events.some((e) => e.type === type && e.recordId === recordId)) return page;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${type} for ${recordId} in the feed`);
  }
  let oldCursor: string;
  let penaltyId: string;
  /** A penalty recorded before the bank watched its book (the seed's list entries are older still). */
  let earlierId: string;

  it('uploads the book as CSV and registers a webhook', async () => {
    const earlier = await stack.query(SUBMIT, { variables: { item: 'FR-CF-001', records: [penalty('MON-0', book()[0]!)] }, headers: dept() });
    earlierId = earlier.body.data!.submitRecords.results[0].archiveRecordId;
    const csv = ['统一社会信用代码,借款人', ...book().map((u) => `${u},x`)].join('\n');
    const watched = await stack.query('mutation($csv: String!) { watchCsv(csv: $csv) { watched total } }', { variables: { csv }, headers: bank() });
    expect(watched.body).toEqual({ data: { watchCsv: { watched: 3, total: 3 } } });
    const reg = await stack.query('mutation($url: String!) { registerWebhook(url: $url, events: [RECORD_ADDED, RECORD_WITHDRAWN]) { secret webhook { id } } }',
      { variables: { url: receiver.url }, headers: bank() });
    expect(reg.body.errors).toBeUndefined();
    receiver.secret = reg.body.data!.registerWebhook.secret;
    oldCursor = (await feed(null)).cursor;
  });

  it('receives a signed webhook for a new penalty, and finds it in its feed', async () => {
    const uscc = book()[1]!;
    const submitted = await stack.query(SUBMIT, { variables: { item: 'FR-CF-001', records: [penalty('MON-1', uscc)] }, headers: dept() });
    expect(submitted.body.data!.submitRecords.accepted).toBe(1);
    penaltyId = submitted.body.data!.submitRecords.results[0].archiveRecordId;
    await receiver.waitForAccepted(1);
    const got = receiver.requests.find((r) => receiver.accepted.has(r.id))!;
    expect(got.verified).toBe(true);
    expect(got.body).toMatchObject({ type: 'RECORD_ADDED', data: { subject: uscc, category: 'PENALTIES', recordId: penaltyId } });
    const page = await feedWith(oldCursor, 'RECORD_ADDED', penaltyId);
    expect(page.events.filter((e) => e.recordId === penaltyId)).toEqual([
      expect.objectContaining({ type: 'RECORD_ADDED', subject: uscc, category: 'PENALTIES' }),
    ]);
  });

  it('resumes its feed from an old cursor with every later event once', async () => {
    const second = await stack.query(SUBMIT, { variables: { item: 'FR-CF-001', records: [penalty('MON-2', book()[2]!)] }, headers: dept() });
    const all = await feedWith(oldCursor, 'RECORD_ADDED', second.body.data!.submitRecords.results[0].archiveRecordId);
    expect(all.events.length).toBeGreaterThanOrEqual(2);
    const first = all.events[0]!;
    const resumed = await feed(first.id);
    expect(resumed.events.map((e) => e.id)).toEqual(all.events.slice(1).map((e) => e.id));
  });

  it('no longer delivers the penalty once it is withdrawn, but delivers the withdrawal', async () => {
    const withdrawn = await stack.query(WITHDRAW, { variables: { item: 'FR-CF-001', id: 'MON-1' }, headers: dept() });
    expect(withdrawn.body.data!.withdrawRecord.withdrawn).toBe(1);
    const page = await feedWith(oldCursor, 'RECORD_WITHDRAWN', penaltyId);
    expect(page.events.filter((e) => e.recordId === penaltyId).map((e) => e.type)).toEqual(['RECORD_WITHDRAWN']);
    // MON-1's and MON-2's RECORD_ADDED, then the withdrawal (waiting for 2 raced with the withdrawal's delivery).
    await receiver.waitForAccepted(3);
    expect(receiver.requests.some((r) => (r.body as { type: string }).type === 'RECORD_WITHDRAWN' && r.verified)).toBe(true);
  });

  it('gets nothing while its institution is suspended', async () => {
    const op = bearer(stack.credentials.operator.token);
    const id = stack.credentials.institutions.FINANCIAL.id;
    const suspend = await stack.query('mutation($id: ID!) { setInstitutionStatus(id: $id, status: SUSPENDED) { status } }', { variables: { id }, headers: op });
    expect(suspend.body.errors).toBeUndefined();
    const before = receiver.requests.length;
    await stack.query(SUBMIT, { variables: { item: 'FR-CF-001', records: [penalty('MON-3', book()[0]!)] }, headers: dept() });
    // The message is written and then suppressed at delivery: wait for the outbox to settle it.
    const outbox = stack.subgraphs.platform as unknown as { db: { prisma: { webhookDelivery: { findMany(a: unknown): Promise<{ status: string }[]> } } } };
    let statuses: string[] = [];
    for (let i = 0; i < 100 && !statuses.includes('SUPPRESSED'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      statuses = (await outbox.db.prisma.webhookDelivery.findMany({ where: { status: 'SUPPRESSED' } })).map((d) => d.status);
    }
    expect(statuses).toEqual(['SUPPRESSED']);
    expect(receiver.requests.length).toBe(before);
    // The suspended bank's key no longer opens its feed either.
    expect((await stack.query(FEED, { variables: { since: null }, headers: bank() })).status).toBe(401);
    await stack.query('mutation($id: ID!) { setInstitutionStatus(id: $id, status: ACTIVE) { status } }', { variables: { id }, headers: op });
  });

  it('was told nothing recorded before it watched its book, by feed or webhook, however far behind the matcher was', async () => {
    const list = await stack.query('{ watchlist(first: 100) { subjects { subject since } } }', { headers: bank() });
    const since = new Map((list.body.data!.watchlist.subjects as { subject: string; since: string }[]).map((w) => [w.subject, Date.parse(w.since)]));
    // From the start of its feed: every event recorded at or after the watch of its subject began.
    const all = await feed(null);
    expect(all.events.length).toBeGreaterThanOrEqual(3);
    for (const e of all.events) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(since.get(e.subject)!);
    expect(all.events.map((e) => e.recordId)).not.toContain(earlierId);
    expect(receiver.requests.map((r) => (r.body as { data: { recordId: string } }).data.recordId)).not.toContain(earlierId);
  });
});
