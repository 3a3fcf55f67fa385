/**
 * The console in a real headless browser on the running supergraph: each test signs in as its
 * caller, does what the issue names, saves a screenshot, finds no serious accessibility violation
 * (axe-core), no CSP violation and no request that would leave loopback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { apiKey, bearer, startStack, type Stack } from '../support/stack.ts';
import { startReceiver } from '../../subgraphs/platform/monitoring/test-receiver.ts';
import { axe, launch, open, shot, type Watched } from './browser.ts';

let stack: Stack;
let browser: Browser;
let base: string;
let w: Watched | null = null;
/** Parts of a page axe leaves out, each with its reason (only third-party markup). */
let axeExclude: string[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    // Metering flushed often, so a load shows in usage within the test.
    // Webhooks may reach this machine's receiver (the institution portal registers one).
    startStack({ gatewayEnv: { METERING_FLUSH_MS: '50' }, env: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' } }),
    launch(),
  ]);
  base = new URL(stack.url).origin;
}, 120_000);

afterAll(async () => {
  // Said when slow, so that a teardown that hangs on CI names its part (one did once: 60 s, unnamed).
  const timed = async (part: string, closing: Promise<void> | undefined) => {
    const started = Date.now();
    await closing;
    if (Date.now() - started > 10_000) process.stderr.write(`console.test: closing the ${part} took ${Date.now() - started} ms\n`);
  };
  await timed('browser', browser?.close());
  await timed('stack', stack?.close());
}, 120_000);

afterEach(async () => {
  if (!w) return;
  const watched = w;
  const exclude = axeExclude;
  w = null;
  axeExclude = [];
  try {
    expect(await axe(watched.page, exclude)).toEqual([]);
    expect(await watched.cspViolations()).toEqual([]);
    expect(watched.outside).toEqual([]);
  } finally {
    await watched.close();
  }
});

async function signIn(kind: 'token' | 'key', secret: string): Promise<Page> {
  w = await open(browser);
  const page = w.page;
  await page.goto(`${base}/console`);
  await page.getByRole('radio', { name: kind === 'key' ? 'API 密钥' : '令牌（Bearer）' }).check();
  await page.getByLabel('密钥或令牌').fill(secret);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('main h1').first().waitFor();
  return page;
}

const gql = (headers: Record<string, string>) => (query: string, variables?: Record<string, unknown>) =>
  stack.query(query, { headers, variables }).then((r) => r.body);

describe('the console shell', () => {
  it('signs in with a token kept in session storage only, switches to English and back, and says when a key is refused', async () => {
    const page = await signIn('token', stack.credentials.operator.token);
    await expect(page.locator('main h1').first().textContent()).resolves.toBe('运营管理');
    expect(page.url()).toBe(`${base}/console#/operator`);
    const stored = await page.evaluate('({ session: { ...sessionStorage }, local: { ...localStorage } })') as { session: Record<string, string>; local: Record<string, string> };
    expect(Object.values(stored.session).join()).toContain(stack.credentials.operator.token);
    expect(JSON.stringify(stored.local)).not.toContain(stack.credentials.operator.token);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Operator', level: 1 }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await shot(page, 'console-operator-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '运营管理', level: 1 }).waitFor();

    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('radio', { name: 'API 密钥' }).check();
    await page.getByLabel('密钥或令牌').fill('cg_nosuch_key');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('凭证无效、已吊销或已过期');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await shot(page, 'console-sign-in-refused');

    // The guard itself: a request off loopback is caught (and aborted), so the check after each test can fail.
    // (The pages' own fetches stop earlier still, at the CSP's connect-src.)
    const probe = await w!.context.newPage();
    await probe.goto('http://192.0.2.1/probe').catch(() => null);
    await probe.close();
    expect(w!.outside).toEqual(['http://192.0.2.1/probe']);
    w!.outside.length = 0;
  });

  it('serves every page under a strict Content-Security-Policy', async () => {
    for (const path of ['/console', '/console/explorer', '/console/assets/app.js']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    }
  });

  it('runs a query in the explorer as the signed-in caller', async () => {
    const page = await signIn('token', stack.credentials.operator.token);
    await page.goto(`${base}/console/explorer`);
    // GraphiQL's tab bar nests its close button in the tab (axe: nested-interactive); GraphiQL's to fix.
    axeExclude = ['.graphiql-tabs'];
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window').getByText('"OPERATOR"', { exact: true }).waitFor();
    await shot(page, 'console-explorer');
  });
});

describe('我的信用', () => {
  it('lets a person revoke a consent, and the bank\'s next request is refused', async () => {
    const c = stack.credentials;
    const person = c.persons[2]!;
    const bank = gql(apiKey(c.institutions.FINANCIAL.apiKey, 'CREDIT_EASY_LOAN'));
    const asks = `query($n: String!) { person(idNumber: $n) { penalties { id } } }`;
    const before = await bank(asks, { n: person.idNumber });
    expect(before.errors).toBeUndefined();
    expect(before.data!.person.penalties.length).toBeGreaterThan(0);

    const page = await signIn('token', person.token);
    await page.getByRole('heading', { name: /我的信用/, level: 1 }).waitFor();
    const rows = page.locator('#consents tbody tr').filter({ hasText: c.institutions.FINANCIAL.id }).filter({ has: page.getByRole('button', { name: '撤销授权' }) });
    await rows.first().waitFor();
    // The access log already shows the bank's read, with its purpose and basis.
    await expect(page.locator('#access-log tbody').textContent()).resolves.toContain('CREDIT_EASY_LOAN');
    // The seed's one consent: persons[2] to the bank, every category, for a credit-easy loan.
    expect(await rows.count()).toBe(1);
    await rows.first().getByRole('button', { name: '撤销授权' }).click();
    await page.getByRole('status').filter({ hasText: '已撤销授权' }).waitFor();
    await page.locator('#consents tbody tr').filter({ hasText: c.institutions.FINANCIAL.id }).filter({ hasText: '已撤销' }).waitFor();
    await page.getByRole('button', { name: '生成诚信码' }).click();
    await page.getByRole('img', { name: '诚信码二维码' }).waitFor();
    expect(await page.getByTestId('code-expiry').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await shot(page, 'console-my-credit');

    const after = await bank(asks, { n: person.idNumber });
    expect(after.data).toEqual({ person: null });
    expect(after.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('the operator console', () => {
  it('shows usage totals that match a known load', async () => {
    const c = stack.credentials;
    const op = gql(bearer(c.operator.token));
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const usageQ = `query($i: ID!, $f: DateTime!, $t: DateTime!) { usage(from: $f, to: $t, granularity: HOUR, institutionId: $i) { requests rejected } }`;
    const id = c.institutions.CREDIT_SERVICE.id;
    const baseline = (await op(usageQ, { i: id, f: from, t: to })).data!.usage;
    const key = apiKey(c.institutions.CREDIT_SERVICE.apiKey);
    for (let i = 0; i < 7; i++) await stack.query('{ me { kind } }', { headers: key });
    for (let i = 0; i < 2; i++) await stack.query('{ me { kind } ', { headers: key }); // a parse error: answered 400, rejected
    await new Promise((r) => setTimeout(r, 300)); // METERING_FLUSH_MS is 50
    const expected = (await op(usageQ, { i: id, f: from, t: to })).data!.usage;
    expect(expected).toEqual({ requests: baseline.requests + 9, rejected: baseline.rejected + 2 });

    const page = await signIn('token', c.operator.token);
    await page.getByTestId('usage-institution').selectOption(id);
    const totals = page.getByTestId('usage-totals');
    await totals.locator('[data-total="requests"]').filter({ hasText: String(expected.requests) }).waitFor();
    await expect(totals.locator('[data-total="rejected"]').textContent()).resolves.toBe(String(expected.rejected));
    await expect(page.locator('#usage figcaption').textContent()).resolves.toContain(`请求数 ${expected.requests}`);
    await page.locator('#usage canvas').first().waitFor();
    await page.locator('#usage').screenshot({ path: `${process.cwd()}/data/console-screenshots/console-usage.png` });
    await shot(page, 'console-operator');
  });

  it('routes and decides a person\'s objection from the queue', async () => {
    const c = stack.credentials;
    // A person with a penalty, other than the one whose consent the test above revokes.
    let person = c.persons[0]!;
    let recordId = '';
    for (const p of c.persons.filter((_, i) => i !== 2)) {
      const records = await gql(bearer(p.token))(`query($n: String!) { person(idNumber: $n) { penalties { id } } }`, { n: p.idNumber });
      if (records.data?.person.penalties.length) { person = p; recordId = records.data.person.penalties[0].id; break; }
    }
    expect(recordId).not.toBe('');
    const self = gql(bearer(person.token));
    const filed = await self(`mutation($r: ID!) { filePersonObjection(recordId: $r, reason: "处罚决定已撤销") { id } }`, { r: recordId });
    const id = filed.data!.filePersonObjection.id as string;

    const page = await signIn('token', c.operator.token);
    await page.getByLabel('说明').fill('数据提供单位核实后撤回');
    await page.locator(`[data-route="${id}"]`).click();
    await page.locator(`[data-uphold="${id}"]`).click();
    await page.getByRole('status').filter({ hasText: '已处理' }).waitFor();
    await page.locator(`[data-uphold="${id}"]`).waitFor({ state: 'detached' });
    await page.locator('#queues').screenshot({ path: `${process.cwd()}/data/console-screenshots/console-queues.png` });

    const mine = await self(`query($n: String!) { person(idNumber: $n) { objections { id status steps { action actorKind note } } } }`, { n: person.idNumber });
    expect(mine.data!.person.objections.find((o: { id: string }) => o.id === id)).toEqual({
      id, status: 'UPHELD', steps: [
        { action: 'FILED', actorKind: 'PERSON', note: expect.anything() },
        { action: 'ROUTED', actorKind: 'OPERATOR', note: '数据提供单位核实后撤回' },
        { action: 'UPHELD', actorKind: 'OPERATOR', note: '数据提供单位核实后撤回' },
      ],
    });
  });
});

describe('the enterprise page', () => {
  it('downloads the enterprise\'s own credit report as a PDF', async () => {
    const e = stack.credentials.enterprises[0]!;
    const page = await signIn('token', e.token);
    await page.getByRole('heading', { name: /企业信用/, level: 1 }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载信用报告' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^E\d{16}\.pdf$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByRole('status').filter({ hasText: '信用报告已生成并下载' }).waitFor();
    await shot(page, 'console-enterprise');
  });
});

describe('the institution portal', () => {
  it('shows the institution its plan, usage and keys, and says in words when it is suspended', async () => {
    const c = stack.credentials;
    const page = await signIn('key', c.institutions.GOVERNMENT.apiKey);
    await page.getByRole('heading', { name: /机构门户/, level: 1 }).waitFor();
    await page.getByTestId('usage-totals').waitFor();
    await expect(page.locator('#keys tbody tr').count()).resolves.toBeGreaterThan(0);
    await shot(page, 'console-institution');

    const op = gql(bearer(c.operator.token));
    const suspend = `mutation($id: ID!, $s: InstitutionStatus!) { setInstitutionStatus(id: $id, status: $s) { status } }`;
    expect((await op(suspend, { id: c.institutions.GOVERNMENT.id, s: 'SUSPENDED' })).data).toEqual({ setInstitutionStatus: { status: 'SUSPENDED' } });
    try {
      await page.reload();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('本机构已被暂停');
    } finally {
      await op(suspend, { id: c.institutions.GOVERNMENT.id, s: 'ACTIVE' });
    }
  });
});

// --- issue 17: the institution portal's watchlist, webhooks and reports; the operator's jobs and dead letters ---

const SUBMIT = `mutation($item: String!, $records: [RecordValues!]!) { submitRecords(item: $item, records: $records) { accepted } }`;
const penaltyOf = (recordId: string, uscc: string) => ({
  recordId, uscc, documentNumber: `深环罚〔2026〕${recordId}号`, decisionDate: '2026-01-05', violation: '未批先建',
  legalBasis: '《中华人民共和国环境影响评价法》第三十一条', penaltyType: '罚款', amount: 50000, severity: 'GENERAL', domain: 'GENERAL',
});
const section = (page: Page, id: string, name: string) => page.locator(`#${id}`).screenshot({ path: `${process.cwd()}/data/console-screenshots/${name}.png` });
/** The platform subgraph's database, for what a test cannot wait for (24 h of failed attempts). */
const platformDb = () => (stack.subgraphs.platform as unknown as { db: { prisma: {
  webhookDelivery: { create(a: { data: Record<string, unknown> }): Promise<unknown> };
} } }).db.prisma;

describe('the institution portal: watchlist, webhooks, reports issued', () => {
  it('uploads a loan book as CSV, unwatches a subject, registers a webhook that then delivers, and downloads a report it issued', async () => {
    const c = stack.credentials;
    const agency = c.institutions.CREDIT_SERVICE;
    const self = gql(apiKey(agency.apiKey));
    const book = c.enterprises.map((e) => e.uscc);
    const issued = await self('mutation($s: ID!) { issueCreditReport(subject: $s, purpose: FINANCING) { number } }', { s: book[0] });
    const number = issued.data!.issueCreditReport.number as string;
    const receiver = await startReceiver();
    try {
      const page = await signIn('key', agency.apiKey);
      await page.getByRole('heading', { name: /机构门户/, level: 1 }).waitFor();
      // The loan book: a header, one USCC per line and a further column, uploaded as a file.
      const csv = ['统一社会信用代码,借款人', ...book.map((u, i) => `${u},借款人${i}`)].join('\r\n');
      await page.getByTestId('watch-csv').setInputFiles({ name: 'loan-book.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('status').filter({ hasText: `已关注 ${book.length} 个主体` }).waitFor();
      await page.locator('#watchlist tbody tr').filter({ hasText: book[1]! }).waitFor();
      await page.locator(`[data-unwatch="${book[1]}"]`).click();
      await page.getByRole('status').filter({ hasText: '已取消关注' }).waitFor();
      await page.locator(`[data-unwatch="${book[1]}"]`).waitFor({ state: 'detached' });
      await expect(page.getByTestId('watch-total').textContent()).resolves.toBe(String(book.length - 1));
      const watched = await self('{ watchlist { total subjects { subject } } }');
      expect(watched.data!.watchlist.total).toBe(book.length - 1);
      expect(watched.data!.watchlist.subjects.map((s: { subject: string }) => s.subject)).not.toContain(book[1]);

      // A webhook: its secret shown once; a penalty on a watched enterprise is delivered, signed, and logged.
      await page.getByRole('textbox', { name: '地址', exact: true }).fill(receiver.url);
      await page.getByRole('button', { name: '登记 Webhook' }).click();
      receiver.secret = await page.getByTestId('webhook-secret').textContent();
      expect(receiver.secret).toMatch(/^whsec_/);
      await page.locator('#webhooks tbody').getByText(receiver.url).waitFor();
      const dept = gql(apiKey(c.institutions.SOURCE_DEPARTMENT.apiKey));
      expect((await dept(SUBMIT, { item: 'FR-CF-001', records: [penaltyOf('CONSOLE-1', book[0]!)] })).data).toEqual({ submitRecords: { accepted: 1 } });
      await receiver.waitForAccepted(1, 20_000);
      expect(receiver.requests.every((r) => r.verified)).toBe(true);
      await page.reload();
      await page.locator('#webhooks [data-delivery-status]').filter({ hasText: 'DELIVERED' }).first().waitFor();

      // The report it issued: listed, and downloaded with the key (never in a link).
      const row = page.locator('#reports-issued tbody tr').filter({ hasText: number });
      await expect(row.textContent()).resolves.toContain(book[0]!);
      const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: '下载 PDF' }).click()]);
      expect(download.suggestedFilename()).toBe(`${number}.pdf`);
      expect(readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');
      await shot(page, 'console-institution-panels');
      await section(page, 'watchlist', 'console-watchlist');
      await section(page, 'webhooks', 'console-webhooks');
    } finally {
      await receiver.close();
    }
  });

  it('says in words that a bank may not list issued reports, and that a key over its rate is refused (429)', async () => {
    const c = stack.credentials;
    let page = await signIn('key', c.institutions.FINANCIAL.apiKey);
    await page.locator('#reports-issued').getByRole('alert').filter({ hasText: '您无权查看此项内容' }).waitFor();
    await page.locator('#watchlist table').waitFor();
    await shot(page, 'console-institution-forbidden');
    expect(await axe(page)).toEqual([]);
    await w!.close();
    w = null;

    // One request a second, no burst: the page's first requests pass, the rest are answered 429.
    const op = gql(bearer(c.operator.token));
    const reg = await op(`mutation { registerInstitution(input: { name: "限流测试银行", kind: FINANCIAL, ratePerSecond: 1, burst: 1 }) { id } }`);
    const key = await op('mutation($i: ID!) { issueApiKey(institutionId: $i) { key } }', { i: reg.data!.registerInstitution.id });
    w = await open(browser);
    page = w.page;
    await page.goto(`${base}/console`);
    await page.getByRole('radio', { name: 'API 密钥' }).check();
    await page.getByLabel('密钥或令牌').fill(key.data!.issueApiKey.key);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '请求过于频繁（429）' }).first().waitFor();
    // The panels' queries go out together after sign-in: with one token a second, at most one of them passes.
    await page.locator('#reports-issued table').waitFor();
    const refused = page.locator('#watchlist, #webhooks, #reports-issued').getByRole('alert').filter({ hasText: '请求过于频繁（429）' });
    await expect(refused.count()).resolves.toBeGreaterThanOrEqual(2);
    await shot(page, 'console-institution-429');
  });
});

describe('the operator console: collection jobs and dead letters', () => {
  it('lists a department\'s bulk job with its rejected rows, and replays an institution\'s dead letter', async () => {
    const c = stack.credentials;
    const dept = c.institutions.SOURCE_DEPARTMENT;
    const [a] = c.enterprises.map((e) => e.uscc);
    const header = 'recordId,uscc,documentNumber,decisionDate,violation,legalBasis,penaltyType,amount,severity,domain';
    const file = [header, `JOB-1,${a},深环罚〔2026〕201号,2026-01-05,超标排放,依据,罚款,1000,GENERAL,GENERAL`,
      `JOB-2,${a},深环罚〔2026〕202号,2026/13/01,超标排放,依据,罚款,1000,GENERAL,GENERAL`].join('\r\n');
    const res = await fetch(`${base}/ingest/FR-CF-001`, { method: 'POST', headers: { 'content-type': 'text/csv; charset=utf-8', 'x-api-key': dept.apiKey }, body: file });
    expect(res.status).toBe(202);
    const jobId = ((await res.json()) as { jobId: string }).jobId;
    const job = async () => (await gql(apiKey(dept.apiKey))('query($id: ID!) { ingestJob(id: $id) { status rejected } }', { id: jobId })).data!.ingestJob;
    for (let i = 0; i < 100 && (await job()).status === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await job()).toEqual({ status: 'DONE', rejected: 1 });

    // A message whose every attempt over 24 h failed (written as the dispatcher leaves it).
    const deadId = `msg_console_${Date.now()}`;
    await platformDb().webhookDelivery.create({ data: {
      id: deadId, webhookId: 'hook-gone', institutionId: c.institutions.PARTNER_CITY.id, seq: 999_999, status: 'DEAD', attempts: 12,
      createdAt: new Date(Date.now() - 25 * 3600_000), nextAttemptAt: new Date(), retryUntil: new Date(Date.now() - 3600_000),
      lastAttemptAt: new Date(Date.now() - 3600_000), lastStatus: 503, lastError: 'HTTP 503',
    } });

    const page = await signIn('token', c.operator.token);
    await page.getByTestId('jobs-department').selectOption(dept.department);
    const row = page.locator('#ingest-jobs tbody tr').filter({ hasText: jobId });
    await expect(page.locator(`[data-job-status="${jobId}"]`).textContent()).resolves.toBe('DONE');
    await expect(row.textContent()).resolves.toContain('FR-CF-001');
    const [rejected] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: '退回行（CSV）' }).click()]);
    expect(readFileSync(await rejected.path(), 'utf8')).toContain('JOB-2');
    await section(page, 'ingest-jobs', 'console-jobs');

    const dead = page.locator('#dead-letters tbody tr').filter({ hasText: deadId });
    await expect(dead.textContent()).resolves.toContain('HTTP 503');
    await section(page, 'dead-letters', 'console-dead-letters');
    await page.locator(`[data-replay="${deadId}"]`).click();
    await page.locator('#dead-letters').getByRole('status').filter({ hasText: '已重新排队投递' }).waitFor();
    await page.locator(`[data-replay="${deadId}"]`).waitFor({ state: 'detached' });
    const after = await gql(bearer(c.operator.token))('{ webhookDeadLetters { id } }');
    expect(after.data!.webhookDeadLetters.map((d: { id: string }) => d.id)).not.toContain(deadId);
  });
});

// --- issue 17: the operator's statistics as charts, and the panels a page at a time ---

/** The cells' text of a table's body rows, as the page shows them. */
const cells = (page: Page, selector: string) => page.locator(`${selector} tbody tr`).evaluateAll((rows) =>
  rows.map((r) => [...r.querySelectorAll('td')].map((c) => (c.textContent ?? '').trim()))) as Promise<string[][]>;

/** The statistics page's default window: from the first day of the CST month 11 months back to today (CST). */
function lastTwelveMonths(): { from: string; to: string } {
  const now = new Date(Date.now() + 8 * 3600_000);
  return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}

const STATISTICS = `query($from: Date!, $to: Date!) { creditStatistics(from: $from, to: $to) {
  enterprises grades { grades { grade count share } }
  objections { received decided overdue medianDaysToDecide } repairs { received decided overdue medianDaysToDecide }
  personObjections { received decided overdue medianDaysToDecide }
  sanctions { checks byMatter { matterCode matterName checks subjectsChecked interceptions incentives } }
  queriesByInstitutionKind { kind requests archivePulls personRecordPulls } } }`;

describe('the operator console: statistics', () => {
  it('charts the last 12 months with figures that match creditStatistics after a known load (an objection decided, a sanctions check)', async () => {
    const c = stack.credentials;
    const op = gql(bearer(c.operator.token));
    const window = lastTwelveMonths();
    const before = (await op(STATISTICS, window)).data!.creditStatistics;

    // The load: an enterprise's objection filed, routed and upheld; a government system's sanctions check.
    const ent = c.enterprises[1]!;
    const licenses = await gql(bearer(ent.token))('query($u: ID!) { enterprise(uscc: $u) { licenses { id } } }', { u: ent.uscc });
    const filed = await gql(bearer(ent.token))('mutation($r: ID!) { fileObjection(recordId: $r, reason: "许可证信息有误") { id } }',
      { r: licenses.data!.enterprise.licenses[0].id });
    const objection = filed.data!.fileObjection.id as string;
    expect((await op('mutation($id: ID!) { routeObjection(id: $id) { status } }', { id: objection })).data).toEqual({ routeObjection: { status: 'ROUTED' } });
    expect((await op('mutation($id: ID!) { decideObjection(id: $id, decision: UPHELD, note: "核实有误") { status } }', { id: objection })).data)
      .toEqual({ decideObjection: { status: 'UPHELD' } });
    const matter = (await op('{ sanctionMatters { code } }')).data!.sanctionMatters[0].code as string;
    const checked = await gql(apiKey(c.institutions.GOVERNMENT.apiKey))('query($s: [ID!]!, $m: String!) { checkSanctions(subjects: $s, matterCode: $m) { decision } }',
      { s: [c.enterprises[0]!.uscc, c.enterprises[2]!.uscc], m: matter });
    expect(checked.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300)); // METERING_FLUSH_MS is 50: the check's request is in usage

    const s = (await op(STATISTICS, window)).data!.creditStatistics;
    expect(s.objections.received).toBe(before.objections.received + 1);
    expect(s.objections.decided).toBe(before.objections.decided + 1);
    const checksOf = (x: typeof s) => x.sanctions.byMatter.find((m: { matterCode: string }) => m.matterCode === matter)?.checks ?? 0;
    expect(checksOf(s)).toBe(checksOf(before) + 1);

    const page = await signIn('token', c.operator.token);
    const workflows = page.locator('#stat-workflows');
    await workflows.locator('[data-workflow="objections"]').waitFor();
    await expect(page.getByTestId('stat-from').inputValue()).resolves.toBe(window.from);
    await expect(page.getByTestId('stat-to').inputValue()).resolves.toBe(window.to);
    await expect(page.locator('[data-stat="enterprises"]').textContent()).resolves.toBe(String(s.enterprises));
    const n = (x: number | null) => (x == null ? '—' : String(x));
    type W = { received: number; decided: number; overdue: number; medianDaysToDecide: number | null };
    const w = (name: string, x: W) => [name, n(x.received), n(x.decided), n(x.overdue), n(x.medianDaysToDecide)];
    expect(await cells(page, '#stat-workflows .table-wrap:first-of-type')).toEqual([
      w('企业异议', s.objections), w('个人异议', s.personObjections), w('信用修复', s.repairs)]);
    expect(await cells(page, '#stat-sanctions')).toEqual(s.sanctions.byMatter.map((m: { matterCode: string; matterName: string | null; checks: number; subjectsChecked: number; interceptions: number; incentives: number }) =>
      [m.matterName ?? m.matterCode, m.checks, m.subjectsChecked, m.interceptions, m.incentives].map(String)));
    expect(await cells(page, '#stat-grades')).toEqual(s.grades.grades.map((g: { grade: string; count: number; share: number }) =>
      [g.grade, String(g.count), `${(100 * g.share).toFixed(1)}%`]));
    expect(await cells(page, '#stat-queries')).toEqual(s.queriesByInstitutionKind.map((k: { kind: string; requests: number; archivePulls: number; personRecordPulls: number }) =>
      [k.kind, k.requests, k.archivePulls, k.personRecordPulls].map(String)));
    await page.locator('#stat-workflows canvas').first().waitFor();
    await section(page, 'statistics', 'console-statistics');

    // A window the API refuses (to before from) is said in words, not drawn.
    await page.getByTestId('stat-from').fill('2026-12-31');
    await page.getByTestId('stat-to').fill('2026-01-01');
    await page.locator('#statistics').getByRole('button', { name: '查询' }).click();
    await page.locator('#statistics').getByRole('alert').waitFor();
  });
});

describe('the operator console: a page at a time', () => {
  it('pages the dead letters five at a time, as webhookDeadLetters(first, after) does, and back', async () => {
    const c = stack.credentials;
    const stamp = Date.now();
    const ids = Array.from({ length: 7 }, (_, i) => `msg_page_${stamp}_${i}`);
    for (const [i, id] of ids.entries()) {
      await platformDb().webhookDelivery.create({ data: {
        id, webhookId: `hook-paged-${stamp}`, institutionId: c.institutions.PARTNER_CITY.id, seq: i, status: 'DEAD', attempts: 12,
        createdAt: new Date(Date.now() - 25 * 3600_000 + i * 1000), nextAttemptAt: new Date(), retryUntil: new Date(Date.now() - 3600_000),
        lastAttemptAt: new Date(Date.now() - 3600_000), lastStatus: 500, lastError: 'HTTP 500',
      } });
    }
    const op = gql(bearer(c.operator.token));
    const api = async (after: string | null) =>
      ((await op('query($a: ID) { webhookDeadLetters(first: 5, after: $a) { id } }', { a: after })).data!.webhookDeadLetters as { id: string }[]).map((d) => d.id);
    const first = await api(null);
    const second = await api(first.at(-1)!);
    expect(first).toHaveLength(5);
    expect([...first, ...second]).toEqual(expect.arrayContaining(ids));

    const page = await signIn('token', c.operator.token);
    const panel = page.locator('#dead-letters');
    const shown = async () => (await cells(page, '#dead-letters')).map((r) => r[0]);
    await panel.locator('tbody tr').first().waitFor();
    await panel.getByLabel('每页条数').selectOption('5');
    await panel.locator('[data-page="1"]').waitFor();
    await panel.locator(`[data-replay="${first.at(-1)}"]`).waitFor();
    expect(await shown()).toEqual(first);
    await panel.getByRole('button', { name: '下一页' }).click();
    await panel.locator('[data-page="2"]').waitFor();
    await panel.locator(`[data-replay="${second[0]}"]`).waitFor();
    expect(await shown()).toEqual(second.slice(0, 5));
    await section(page, 'dead-letters', 'console-dead-letters-page-2');
    await panel.getByRole('button', { name: '上一页' }).click();
    await panel.locator(`[data-replay="${first[0]}"]`).waitFor();
    expect(await shown()).toEqual(first);
    await expect(panel.getByRole('button', { name: '上一页' }).isDisabled()).resolves.toBe(true);
  });
});
