/**
 * Persons in monitoring through the real gateway (issue 14): a person grants the bank a consent that
 * covers monitoring; the bank watches them by ID number (refused for persons without one), hears of
 * a new judgment-debtor case by its feed and a signed webhook, and the person sees the deliveries in
 * their access log; once the consent is revoked nothing more is delivered. The ID number appears in
 * no feed, webhook body or log line. Run on SQLite and PostgreSQL (jest.config.js BOTH_DATABASES).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startReceiver, type Receiver } from '../subgraphs/platform/monitoring/test-receiver.ts';
import type { Db as PersonDb } from '../subgraphs/person/db/client.ts';
import { addJudgmentDebtorCase, addPersonPenalty } from '../subgraphs/person/record-changes.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let receiver: Receiver;
let logs = '';

const FEED = 'query($since: String) { changes(since: $since) { cursor events { id type subjectKind subject category recordId } } }';
const WATCH = 'mutation($s: [ID!]!) { watch(subjects: $s) { watched total } }';
interface FeedPage { cursor: string; events: { id: string; type: string; subject: string; category: string; recordId: string }[] }

beforeAll(async () => {
  receiver = await startReceiver();
  const logDestination = new Writable({ write(chunk, _enc, done) { logs += String(chunk); done(); } });
  stack = await startStack({
    enterprises: 10, persons: 10, logDestination,
    env: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_RETRY_BASE_MS: '50', LOG_LEVEL: 'info' },
  });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe('a bank monitoring a borrower who consented', () => {
  const bank = () => apiKey(stack.credentials.institutions.FINANCIAL.apiKey);
  const borrower = () => stack.credentials.persons[0]!;
  const personDb = () => (stack.subgraphs.person as unknown as { db: PersonDb }).db;
  const feed = async (since: string | null): Promise<FeedPage> => {
    const res = await stack.query(FEED, { variables: { since }, headers: bank() });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.changes as FeedPage;
  };
  let cursor: string;
  let consentId: string;
  let feedSeen = '';

  it('is refused for persons without a consent covering monitoring, even with one for reading', async () => {
    for (const p of [stack.credentials.persons[1]!, stack.credentials.persons[2]!]) {
      const res = await stack.query(WATCH, { variables: { s: [p.idNumber] }, headers: bank() });
      expect(res.body.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['FORBIDDEN', 'NO_MONITORING_CONSENT']]);
    }
  });

  it('watches the borrower once they grant a consent covering monitoring', async () => {
    const granted = await stack.query(`mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id monitoring } }`, {
      headers: bearer(borrower().token),
      variables: { i: {
        institutionId: stack.credentials.institutions.FINANCIAL.id, purpose: 'CREDIT_EASY_LOAN',
        categories: ['JUDGMENT_DEBTOR', 'PENALTIES'], expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString(), monitoring: true,
      } },
    });
    expect(granted.body.errors).toBeUndefined();
    consentId = granted.body.data!.grantConsent.id;
    expect((await stack.query(WATCH, { variables: { s: [borrower().idNumber] }, headers: bank() })).body).toEqual({ data: { watch: { watched: 1, total: 1 } } });
    const reg = await stack.query('mutation($url: String!) { registerWebhook(url: $url) { secret } }', { variables: { url: receiver.url }, headers: bank() });
    expect(reg.body.errors).toBeUndefined();
    receiver.secret = reg.body.data!.registerWebhook.secret;
    cursor = (await feed(null)).cursor;
  });

  it('hears of a new judgment-debtor case by a signed webhook and its feed', async () => {
    await addJudgmentDebtorCase(personDb(), {
      id: 'jd-stack-1', personId: borrower().id, caseNumber: '(2026)浙0502执777号', court: '吴兴区人民法院',
      obligation: '偿还借款 120000 元', listedOn: '2026-12-01', removedOn: null,
    }, new Date());
    await receiver.waitForAccepted(1);
    const got = receiver.requests.find((r) => receiver.accepted.has(r.id))!;
    expect(got.verified).toBe(true);
    expect(got.body).toMatchObject({ data: { subjectKind: 'NATURAL_PERSON', subject: borrower().id, category: 'JUDGMENT_DEBTOR', recordId: 'jd-stack-1' } });
    let page: FeedPage = { cursor, events: [] };
    for (let i = 0; i < 100 && !page.events.some((e) => e.recordId === 'jd-stack-1'); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      page = await feed(cursor);
    }
    expect(page.events.filter((e) => e.recordId === 'jd-stack-1').map((e) => e.type)).toContain('RECORD_ADDED');
    feedSeen = JSON.stringify(page);
    cursor = page.cursor;
  });

  it('shows the person each delivery in their access log', async () => {
    const res = await stack.query('query($n: String!) { person(idNumber: $n) { accessLog(first: 50) { edges { node { institutionId basis consentId categories } } } } }',
      { variables: { n: borrower().idNumber }, headers: bearer(borrower().token) });
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data!.person.accessLog.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toContainEqual({ institutionId: stack.credentials.institutions.FINANCIAL.id, basis: 'CONSENT', consentId, categories: ['JUDGMENT_DEBTOR'] });
  });

  it('gets nothing more once the consent is revoked, by feed or webhook', async () => {
    const revoked = await stack.query('mutation($id: ID!) { revokeConsent(id: $id) { active } }', { variables: { id: consentId }, headers: bearer(borrower().token) });
    expect(revoked.body).toEqual({ data: { revokeConsent: { active: false } } });
    const accepted = receiver.accepted.size;
    await addPersonPenalty(personDb(), {
      id: 'pen-stack-after', personId: borrower().id, catalogItemCode: 'P-001', sourceDepartment: '市场监督管理局', documentNumber: null,
      decisionDate: '2026-12-06', violation: '无照经营', legalBasis: '第十条', penaltyType: '罚款', amount: 1000, publicityEndDate: null,
    }, new Date());
    let statuses: string[] = [];
    for (let i = 0; i < 100 && !statuses.includes('SUPPRESSED'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const log = await stack.query('{ webhookDeliveries(first: 100) { status } }', { headers: bank() });
      statuses = (log.body.data?.webhookDeliveries ?? []).map((d: { status: string }) => d.status);
    }
    expect(statuses).toContain('SUPPRESSED');
    expect(receiver.accepted.size).toBe(accepted);
    expect((await feed(cursor)).events).toEqual([]);
  });

  it('never shows the ID number in the feed, the webhook bodies or the logs', () => {
    const bodies = JSON.stringify(receiver.requests.map((r) => r.body));
    expect(feedSeen).toContain(borrower().id);
    expect(bodies).toContain(borrower().id);
    expect(logs.length).toBeGreaterThan(0);
    for (const text of [feedSeen, bodies, logs]) expect(text).not.toContain(borrower().idNumber);
  });
});
