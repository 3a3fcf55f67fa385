/**
 * Credit reports end to end through the gateway: issued by a credit service agency, downloaded as
 * PDF and JSON, verified offline against the published JWKS (node:crypto, the jose library and the
 * documented script: none of them our signing code) and online by anyone.
 */
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, flattenedVerify } from 'jose';
import { nextCstMonthStart } from '../lib/time.ts';
import { registerInstitution } from './support/institutions.ts';
import { readPdf } from './support/pdf-text.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

const run = promisify(execFile);
/** Plan changes reach the gateway within this (its cache of API keys and their plans). */
const KEY_CACHE_MS = 500;
const script = resolve(import.meta.dirname, '../examples/verify-report.mjs');

let stack: Stack;
let base: string;
let dir: string;
let uscc: string;
let name: string;
let publicPenalties: string[];
let agencyKey: Record<string, string>;
let report: { number: string; digest: string; json: string; signature: string; kid: string; pdfPath: string; jsonPath: string };

const ISSUE = `mutation($s: ID!) { issueCreditReport(subject: $s, purpose: TENDERING) { number digest json signature kid pdfPath jsonPath } }`;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { API_KEY_CACHE_MS: String(KEY_CACHE_MS) } });
  base = stack.url.replace(/\/graphql$/, '');
  dir = mkdtempSync(join(tmpdir(), 'creditgraph-report-files-'));
  uscc = stack.credentials.enterprises[0]!.uscc;
  agencyKey = apiKey(stack.credentials.institutions.CREDIT_SERVICE.apiKey);
  const archive = await stack.query(`query($u: ID!) { enterprise(uscc: $u) { name penalties { documentNumber } } }`, { variables: { u: uscc } });
  name = archive.body.data!.enterprise.name;
  publicPenalties = archive.body.data!.enterprise.penalties.map((p: { documentNumber: string }) => p.documentNumber);
  const issued = await stack.query(ISSUE, { variables: { s: uscc }, headers: agencyKey });
  expect(issued.body.errors).toBeUndefined();
  report = issued.body.data!.issueCreditReport;
}, 180_000);

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('issuing through the gateway', () => {
  it('lets a credit service agency with reports:issue issue, and refuses anonymous callers and institutions without the scope', async () => {
    expect(report.number).toMatch(/^E\d{16}$/);
    const anonymous = await stack.query(ISSUE, { variables: { s: uscc } });
    expect(anonymous.body.data?.issueCreditReport).toBeNull();
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bank = await stack.query(ISSUE, { variables: { s: uscc }, headers: apiKey(stack.credentials.institutions.FINANCIAL.apiKey) });
    expect(bank.body.errors?.[0]).toMatchObject({ path: ['issueCreditReport'], extensions: { code: 'FORBIDDEN', serviceName: 'enterprise' } });
  });
});

describe('the plan\'s quota of reports (monthlyReports)', () => {
  const op = () => bearer(stack.credentials.operator.token);
  // Only the number: the selection itself pulls no archive record, the issue alone is counted.
  const issuer = (key: string) => () => stack.query(`mutation($s: ID!) { a: issueCreditReport(subject: $s, purpose: TENDERING) { number } }`, { variables: { s: uscc }, headers: apiKey(key) });
  const refusal = (res: { status: number; headers: Headers; body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
    ({ status: res.status, code: res.body.errors?.[0]?.extensions?.code, retryAfter: Number(res.headers.get('retry-after')) });

  it('refuses the report after the last of the month with QUOTA_EXCEEDED and Retry-After to the next CST month, and leaves archive pulls alone', async () => {
    // Two archive pulls a day: were reports still archive pulls, the pull below would be the third.
    const { id, key } = await registerInstitution(stack, '报告配额测试', 'ratePerSecond: 100, burst: 100, dailyArchivePulls: 2, monthlyReports: 2, scopes: ["reports:issue"]');
    const issue = issuer(key);
    const first = await issue();
    expect(first.body.data?.a?.number).toMatch(/^E\d{16}$/);
    expect((await issue()).body.errors).toBeUndefined();
    const over = await issue();
    expect(over.body.data?.a ?? null).toBeNull();
    const expected = (nextCstMonthStart(new Date()).getTime() - Date.now()) / 1000;
    expect(refusal(over)).toEqual({ status: 429, code: 'QUOTA_EXCEEDED', retryAfter: expect.any(Number) });
    expect(over.body.errors?.[0]?.extensions).toEqual({ code: 'QUOTA_EXCEEDED', retryAfterSeconds: refusal(over).retryAfter });
    // Seconds, not an instant: a few of slack for the request's own time.
    expect(Math.abs(refusal(over).retryAfter - expected)).toBeLessThanOrEqual(5);
    // What was issued still downloads, and the archive is still served: the quota refuses issuing only.
    expect((await get(`/reports/${first.body.data!.a.number}.json`, apiKey(key))).status).toBe(200);
    const pull = await stack.query(`query($u: ID!) { enterprise(uscc: $u) { penalties { documentNumber } } }`, { variables: { u: uscc }, headers: apiKey(key) });
    expect({ status: pull.status, errors: pull.body.errors }).toEqual({ status: 200, errors: undefined });
    await stack.gateway.metering.recorder.flush();
    const day = 86_400_000;
    const usage = await stack.query('query($id: ID!, $from: DateTime!, $to: DateTime!) { usage(institutionId: $id, from: $from, to: $to) { requests archivePulls reports rejected } }', {
      headers: op(), variables: { id, from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
    });
    expect(usage.body.data!.usage).toEqual({ requests: 5, archivePulls: 1, reports: 2, rejected: 1 });
  });

  it('is set by registration and replaced by updateInstitutionPlan, which the gateway applies within API_KEY_CACHE_MS', async () => {
    const { id, key } = await registerInstitution(stack, '报告配额变更', 'ratePerSecond: 100, burst: 100, monthlyReports: 1, scopes: ["reports:issue"]');
    const issue = issuer(key);
    expect((await issue()).body.errors).toBeUndefined();
    expect(refusal(await issue()).code).toBe('QUOTA_EXCEEDED');
    const updated = await stack.query('mutation($i: ID!) { updateInstitutionPlan(institutionId: $i, plan: { ratePerSecond: 100, burst: 100, monthlyReports: 3 }) { plan { monthlyReports monthlyArchivePulls } } }',
      { variables: { i: id }, headers: op() });
    expect(updated.body).toEqual({ data: { updateInstitutionPlan: { plan: { monthlyReports: 3, monthlyArchivePulls: null } } } });
    await new Promise((r) => setTimeout(r, KEY_CACHE_MS + 200));
    // Reports 2 and 3 of the month under the new plan; the 4th is over it.
    expect([(await issue()).body.errors, (await issue()).body.errors]).toEqual([undefined, undefined]);
    expect(refusal(await issue()).code).toBe('QUOTA_EXCEEDED');
    const bad = await stack.query('mutation($i: ID!) { updateInstitutionPlan(institutionId: $i, plan: { ratePerSecond: 1, burst: 1, monthlyReports: -1 }) { id } }', { variables: { i: id }, headers: op() });
    expect(bad.body.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['BAD_USER_INPUT', 'PLAN_LIMIT']]);
  });

  it('admits and counts a report issued through a fragment at the mutation\'s root like one named there', async () => {
    const { id, key } = await registerInstitution(stack, '报告配额片段', 'ratePerSecond: 100, burst: 100, monthlyReports: 1, scopes: ["reports:issue"]');
    const viaFragment = () => stack.query(`mutation($s: ID!) { ...Issue } fragment Issue on Mutation { a: issueCreditReport(subject: $s, purpose: TENDERING) { number } }`,
      { variables: { s: uscc }, headers: apiKey(key) });
    expect((await viaFragment()).body.data?.a?.number).toMatch(/^E\d{16}$/);
    expect(refusal(await viaFragment()).code).toBe('QUOTA_EXCEEDED');
    await stack.gateway.metering.recorder.flush();
    const day = 86_400_000;
    const usage = await stack.query('query($id: ID!, $from: DateTime!, $to: DateTime!) { usage(institutionId: $id, from: $from, to: $to) { reports } }', {
      headers: op(), variables: { id, from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
    });
    expect(usage.body.data!.usage).toEqual({ reports: 1 });
  });
});

describe('GET /reports/<number>.pdf', () => {
  it('serves the PDF, whose text holds the subject\'s name, its public penalties, the number and the digest', async () => {
    const res = await get(report.pdfPath, agencyKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = (await readPdf(new Uint8Array(await res.arrayBuffer()))).pages.join('\n');
    expect(text).toContain(`报告主体 ${name}`);
    expect(publicPenalties.length).toBeGreaterThan(0);
    for (const doc of publicPenalties) expect(text).toContain(doc);
    expect(text).toContain(`报告编号 ${report.number}`);
    expect(text.replace(/\s/g, '')).toContain(report.digest);
  });

  it('serves the subject and operators too, and nobody else', async () => {
    const token = stack.credentials.enterprises[0]!.token;
    expect((await get(report.pdfPath, bearer(token))).status).toBe(200);
    expect((await get(report.jsonPath, bearer(stack.credentials.operator.token))).status).toBe(200);
    const other = await get(report.pdfPath, bearer(stack.credentials.enterprises[1]!.token));
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect((await get(report.pdfPath, apiKey(stack.credentials.institutions.FINANCIAL.apiKey))).status).toBe(403);
    const anonymous = await get(report.pdfPath, { 'x-request-id': 'report-anonymous-1' });
    expect([anonymous.status, anonymous.headers.get('www-authenticate'), anonymous.headers.get('x-request-id')]).toEqual([401, 'Bearer', 'report-anonymous-1']);
    expect((await get('/reports/E2020010100000001.pdf', agencyKey)).status).toBe(403);
    expect((await get('/reports/whatever.pdf', agencyKey)).status).toBe(404);
  });
});

describe('offline verification with the published JWKS', () => {
  let envelope: { report: Record<string, unknown>; digest: string; signature: string };
  let jwks: { keys: { kid: string; kty: string; crv: string; x: string }[] };
  beforeAll(async () => {
    envelope = await (await get(report.jsonPath, agencyKey)).json() as typeof envelope;
    jwks = await (await get('/.well-known/jwks.json')).json() as typeof jwks;
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
  });

  it('publishes the report key beside the integrity codes\' key, public members only', () => {
    const kids = jwks.keys.map((k) => k.kid);
    expect(kids).toContain(report.kid);
    expect(kids.filter((k) => k.startsWith('demo-'))).toHaveLength(1);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('verifies with plain Ed25519 over the JWS signing input (node:crypto, the JWK from the JWKS)', () => {
    expect(envelope.digest).toBe(report.digest);
    const canonical = report.json;
    expect(createHash('sha256').update(canonical).digest('hex')).toBe(envelope.digest);
    const [header, , sig] = envelope.signature.split('.');
    const jwk = jwks.keys.find((k) => k.kid === report.kid)!;
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    const input = (json: string) => Buffer.from(`${header}.${Buffer.from(json).toString('base64url')}`);
    expect(verify(null, input(canonical), key, Buffer.from(sig!, 'base64url'))).toBe(true);
    // One byte changed: the signature no longer holds.
    const changed = Buffer.from(canonical);
    changed[changed.indexOf(Buffer.from(uscc)) + 3] ^= 0x01;
    expect(verify(null, input(changed.toString()), key, Buffer.from(sig!, 'base64url'))).toBe(false);
  });

  it('verifies with an independent JOSE implementation (jose: the detached payload put back, the JWKS as a key set), and not once a byte changes', async () => {
    const [protectedHeader, detached, signature] = envelope.signature.split('.');
    expect(detached).toBe('');
    const keySet = createLocalJWKSet(jwks as never);
    const jws = (json: string) => ({ protected: protectedHeader!, payload: Buffer.from(json).toString('base64url'), signature: signature! });
    const verified = await flattenedVerify(jws(report.json), keySet, { algorithms: ['EdDSA'] });
    expect(new TextDecoder().decode(verified.payload)).toBe(report.json);
    expect(verified.protectedHeader).toMatchObject({ alg: 'EdDSA', kid: report.kid });
    const changed = Buffer.from(report.json);
    changed[changed.indexOf(Buffer.from(uscc)) + 3] ^= 0x01;
    await expect(flattenedVerify(jws(changed.toString()), keySet, { algorithms: ['EdDSA'] })).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('examples/verify-report.mjs says GENUINE for the download and NOT GENUINE once a byte of it changes', async () => {
    const file = join(dir, 'report.json');
    writeFileSync(file, JSON.stringify(envelope, null, 2));
    const ok = await run(process.execPath, [script, file, join(dir, 'jwks.json')]);
    expect(ok.stdout).toContain(`GENUINE: report ${report.number}`);
    const text = JSON.stringify(envelope, null, 2);
    const at = text.indexOf(name) + 1;
    writeFileSync(file, text.slice(0, at) + String.fromCodePoint(text.codePointAt(at)! + 1) + text.slice(at + 1));
    const bad = await run(process.execPath, [script, file, join(dir, 'jwks.json')]).then(() => null, (err: { code: number; stdout: string }) => err);
    expect(bad?.code).toBe(1);
    expect(bad?.stdout).toContain('NOT GENUINE');
    expect(bad?.stdout).toContain('does not verify');
  });
});

describe('verifyCreditReport through the gateway', () => {
  it('answers an anonymous caller: valid, when, whose, and still current', async () => {
    const res = await stack.query(`query($n: String!, $d: String!) { verifyCreditReport(number: $n, digest: $d) {
      valid issuedAt subject subjectName superseded changes { reason } } }`, { variables: { n: report.number, d: report.digest } });
    expect(res.body).toEqual({ data: { verifyCreditReport: {
      valid: true, issuedAt: expect.any(String), subject: uscc, subjectName: name, superseded: false, changes: [],
    } } });
  });
});

describe('a person\'s own report', () => {
  it('reaches the person and no one else, not even the bank holding their consent', async () => {
    // persons[2] consents to the FINANCIAL institution for every category.
    const person = stack.credentials.persons[2]!;
    const issued = await stack.query('mutation { issueMyCreditReport(purpose: SELF_CHECK) { number pdfPath jsonPath json } }', { headers: bearer(person.token) });
    expect(issued.body.errors).toBeUndefined();
    const mine = issued.body.data!.issueMyCreditReport;
    const name = JSON.parse(mine.json).subject.name as string;
    const pdf = await get(mine.pdfPath, bearer(person.token));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    const text = (await readPdf(new Uint8Array(await pdf.arrayBuffer()))).pages.join('\n');
    expect(text).toContain('个人公共信用报告');
    expect(text).toContain(`报告主体 ${name}`);
    expect(text).not.toContain(person.idNumber);
    const others = [
      bearer(stack.credentials.persons[0]!.token), bearer(stack.credentials.operator.token), bearer(stack.credentials.enterprises[0]!.token),
      apiKey(stack.credentials.institutions.FINANCIAL.apiKey, 'CREDIT_EASY_LOAN'), agencyKey,
    ];
    for (const headers of others) {
      for (const path of [mine.pdfPath, mine.jsonPath]) expect((await get(path, headers)).status).toBe(403);
      const read = await stack.query('query($n: String!) { myCreditReport(number: $n) { json } }', { variables: { n: mine.number }, headers });
      expect(read.body.data?.myCreditReport ?? null).toBeNull();
    }
    expect((await get(mine.pdfPath)).status).toBe(401);
    const deleted = await stack.query('mutation { deleteMyReports }', { headers: bearer(person.token) });
    expect(deleted.body.data?.deleteMyReports).toBe(1);
    expect((await get(mine.jsonPath, bearer(person.token))).status).toBe(403);
  });

  it('is verified online by anyone holding its number and digest, who learns the masked ID number and no name; once deleted, as if it never was', async () => {
    const person = stack.credentials.persons[0]!;
    const issued = await stack.query('mutation { issueMyCreditReport(purpose: TENDERING) { number digest json } }', { headers: bearer(person.token) });
    const mine = issued.body.data!.issueMyCreditReport as { number: string; digest: string; json: string };
    const { subject } = JSON.parse(mine.json) as { subject: { id: string; name: string } };
    // Each on its own (an operation of both would never be answered from the response cache).
    const VERIFY = [
      'query($n: String!, $d: String!) { verifyCreditReport(number: $n, digest: $d) { number valid issuedAt subjectKind subject subjectName superseded changes { reason } } }',
      'query($n: String!, $d: String!) { verifyPersonalCreditReport(number: $n, digest: $d) { number valid issuedAt subject superseded } }',
    ];
    const verify = async (n: string, d: string) => {
      const answers = await Promise.all(VERIFY.map((q) => stack.query(q, { variables: { n, d } }))); // anonymous
      for (const res of answers) expect(res.body.errors).toBeUndefined();
      return { ...answers[0]!.body.data!, ...answers[1]!.body.data! };
    };
    await verify(mine.number, mine.digest); // asked twice: a cache, if any, holds the answer now
    const answer = await verify(mine.number, mine.digest);
    expect(answer).toEqual({
      verifyCreditReport: {
        number: mine.number, valid: true, issuedAt: expect.any(String), subjectKind: 'PERSON', subject: subject.id, subjectName: null, superseded: false, changes: null,
      },
      verifyPersonalCreditReport: { number: mine.number, valid: true, issuedAt: answer.verifyCreditReport.issuedAt, subject: subject.id, superseded: false },
    });
    expect(subject.id).not.toBe(person.idNumber);
    expect(JSON.stringify(answer)).not.toContain(subject.name);
    expect(JSON.stringify(answer)).not.toContain(person.idNumber);

    const nothing = (n: string) => ({
      verifyCreditReport: { number: n, valid: false, issuedAt: null, subjectKind: null, subject: null, subjectName: null, superseded: null, changes: null },
      verifyPersonalCreditReport: { number: n, valid: false, issuedAt: null, subject: null, superseded: null },
    });
    const wrongDigest = mine.digest.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(await verify(mine.number, wrongDigest)).toEqual(nothing(mine.number));
    const unknown = 'P2020010100000001';
    expect(await verify(unknown, mine.digest)).toEqual(nothing(unknown));
    const deleted = await stack.query('mutation($n: [String!]) { deleteMyReports(numbers: $n) }', { variables: { n: [mine.number] }, headers: bearer(person.token) });
    expect(deleted.body.data?.deleteMyReports).toBe(1);
    // At once: no cached answer outlives the report.
    expect(await verify(mine.number, mine.digest)).toEqual(nothing(mine.number));
  });
});
