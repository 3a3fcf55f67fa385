/** Personal public credit reports: the person's own, logged, deletable, and nobody else's business. */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { loadOrCreateDemoProvider } from '../../lib/tokens.ts';
import { startSubgraph } from './main.ts';
import {
  anonymous, caller, enterprise, freshDatabase, gql, insertConsent, insertPerson, insertRecords, institution, operator, personPrincipal,
  silentLogger, testEnv, type FixturePerson,
} from './test-support.ts';

const NOW = new Date('2025-06-15T04:00:00Z');
const keyDir = mkdtempSync(join(tmpdir(), 'person-report-key-'));
const keyFile = join(keyDir, 'report-key.json');

let server: Awaited<ReturnType<typeof startSubgraph>>;
let removeDb: () => void;
let alice: FixturePerson;
let bob: FixturePerson;
let jwk: Record<string, unknown>;

const ISSUE = 'mutation { issueMyCreditReport(purpose: SELF_CHECK) { number purpose issuedAt digest json signature kid pdfPath } }';
const READ = 'query($n: String!) { myCreditReport(number: $n) { number digest } }';
const as = (p: Principal, query: string, variables: Record<string, unknown> = {}) => gql(server.url, caller(p), query, variables);

beforeAll(async () => {
  const key = await loadOrCreateDemoProvider(keyFile, 'report');
  jwk = key.jwks.keys[0] as Record<string, unknown>;
  const database = await freshDatabase();
  removeDb = database.remove;
  server = await startSubgraph({ ...testEnv(database.url), REPORT_KEY_FILE: keyFile }, { port: 0, logger: silentLogger, now: () => NOW });
  alice = await insertPerson(server.db, '张三丰');
  bob = await insertPerson(server.db, '李四');
  await insertRecords(server.db, alice.id, 'alice');
  await insertRecords(server.db, bob.id, 'bob');
  // A bank with alice's consent for every category still gets none of her reports.
  await insertConsent(server.db, { personId: alice.id, institutionId: 'bank', purpose: 'CREDIT_CHECK',
    categories: ['IDENTITY', 'PENALTIES', 'JUDGMENT_DEBTOR', 'HONORS', 'VOLUNTEER_SERVICE', 'INTEGRITY'],
    grantedAt: new Date('2025-01-01T00:00:00Z'), expiresAt: new Date('2026-01-01T00:00:00Z') });
});

afterAll(async () => {
  await server?.close();
  removeDb?.();
  rmSync(keyDir, { recursive: true, force: true });
});

describe('issueMyCreditReport', () => {
  it('gives the person a signed report of their own records, with the ID number masked', async () => {
    const res = await as(personPrincipal(alice.id), ISSUE);
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data!.issueMyCreditReport as Record<string, string>;
    expect(report).toMatchObject({ purpose: 'SELF_CHECK', issuedAt: NOW.toISOString(), kid: jwk.kid, pdfPath: `/reports/${report.number}.pdf` });
    expect(report.number).toMatch(/^P20250615\d{8}$/);
    expect(report.digest).toBe(createHash('sha256').update(report.json).digest('hex'));
    const [header, , sig] = report.signature.split('.');
    const input = Buffer.from(`${header}.${Buffer.from(report.json).toString('base64url')}`);
    expect(verify(null, input, createPublicKey({ key: jwk as never, format: 'jwk' }), Buffer.from(sig!, 'base64url'))).toBe(true);
    const doc = JSON.parse(report.json);
    expect(doc.subject).toEqual({ kind: 'PERSON', id: expect.stringMatching(/^\d{6}\*{8}\d{3}[\dX]$/), name: '张三丰' });
    expect(report.json).not.toContain(alice.idNumber);
    expect(doc.summary).toEqual({ integrityScore: 860, integrityGrade: 'AA', judgmentDebtorListed: true });
    expect(doc.sections.map((s: { key: string; records: unknown[] }) => [s.key, s.records.length])).toEqual([
      ['penalties', 2], ['judgmentDebtor', 2], ['honors', 1], ['volunteerService', 2],
    ]);
    expect(report.json).toContain('alice sold unlabelled goods');
    expect(report.json).not.toContain('bob');
  });

  it('writes the whole report to the person\'s access log before it leaves', async () => {
    const who = caller(personPrincipal(alice.id));
    await gql(server.url, who, ISSUE);
    const entries = await server.db.prisma.accessLogEntry.findMany({ where: { requestId: who.requestId } });
    expect(entries).toEqual([expect.objectContaining({
      personId: alice.id, accessorKind: 'PERSON', accessorPersonId: alice.id, basis: 'SELF',
      categories: 'IDENTITY,PENALTIES,JUDGMENT_DEBTOR,HONORS,VOLUNTEER_SERVICE,INTEGRITY',
    })]);
  });

  it.each([
    ['a bank holding the person\'s consent', institution('bank', 'FINANCIAL')],
    ['an operator', operator],
    ['an enterprise', enterprise],
    ['anonymous callers', { kind: 'ANONYMOUS' } as Principal],
  ])('refuses %s with FORBIDDEN', async (_name, who) => {
    const res = await as(who, ISSUE);
    expect(res.body.data?.issueMyCreditReport).toBeNull();
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('myCreditReport and deleteMyReports', () => {
  it('serves a report to its person only: another person, the consenting bank and operators get FORBIDDEN', async () => {
    const issued = (await as(personPrincipal(alice.id), ISSUE)).body.data!.issueMyCreditReport as { number: string; digest: string };
    expect((await as(personPrincipal(alice.id), READ, { n: issued.number })).body.data?.myCreditReport)
      .toEqual({ number: issued.number, digest: issued.digest });
    for (const who of [personPrincipal(bob.id), institution('bank', 'FINANCIAL'), operator]) {
      const res = await as(who, READ, { n: issued.number });
      expect(res.body.data?.myCreditReport).toBeNull();
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    const bobs = await as(personPrincipal(bob.id), '{ myCreditReports { number } }');
    expect(bobs.body.data?.myCreditReports).toEqual([]);
  });

  it('deletes the person\'s reports when asked, the numbered ones or all, and keeps nobody else\'s', async () => {
    const mine = async () => ((await as(personPrincipal(alice.id), '{ myCreditReports { number } }')).body.data!.myCreditReports as { number: string }[]).map((r) => r.number);
    const bobsReport = (await as(personPrincipal(bob.id), ISSUE)).body.data!.issueMyCreditReport as { number: string };
    const before = await mine();
    expect(before.length).toBeGreaterThan(1);
    const one = await as(personPrincipal(alice.id), 'mutation($n: [String!]) { deleteMyReports(numbers: $n) }', { n: [before[0], bobsReport.number] });
    expect(one.body.data?.deleteMyReports).toBe(1);
    expect(await mine()).toEqual(before.slice(1));
    const all = await as(personPrincipal(alice.id), 'mutation { deleteMyReports }');
    expect(all.body.data?.deleteMyReports).toBe(before.length - 1);
    expect(await mine()).toEqual([]);
    expect(await server.db.prisma.personalCreditReport.count({ where: { personId: alice.id } })).toBe(0);
    expect((await as(personPrincipal(bob.id), READ, { n: bobsReport.number })).body.data?.myCreditReport).toMatchObject({ number: bobsReport.number });
  });
});

describe('verifyPersonalCreditReport', () => {
  const VERIFY = 'query($n: String!, $d: String!) { verifyPersonalCreditReport(number: $n, digest: $d) { number valid issuedAt subject superseded } }';

  it('tells anyone that a report is genuine and whether a record in it has changed since, with the masked ID number and never the name or what changed', async () => {
    const carol = await insertPerson(server.db, '王五');
    await insertRecords(server.db, carol.id, 'carol');
    const issued = (await as(personPrincipal(carol.id), ISSUE)).body.data!.issueMyCreditReport as { number: string; digest: string; json: string };
    const masked = JSON.parse(issued.json).subject.id as string;
    const check = async () => (await as(anonymous, VERIFY, { n: issued.number, d: issued.digest })).body.data!.verifyPersonalCreditReport;
    expect(await check()).toEqual({ number: issued.number, valid: true, issuedAt: NOW.toISOString(), subject: masked, superseded: false });
    await server.db.prisma.personPenalty.update({ where: { id: 'carol-pen-1' }, data: { status: 'WITHDRAWN' } });
    const after = await check();
    expect(after).toEqual({ number: issued.number, valid: true, issuedAt: NOW.toISOString(), subject: masked, superseded: true });
    expect(JSON.stringify(after)).not.toContain('王五');
    expect(JSON.stringify(after)).not.toContain(carol.idNumber);
    // Verification reads the person's records only to compare: nothing of them left, nothing is logged.
    expect(await server.db.prisma.accessLogEntry.count({ where: { personId: carol.id, NOT: { basis: 'SELF' } } })).toBe(0);
  });

  it('answers a deleted report exactly as a wrong digest and an unknown number: not valid, nothing else', async () => {
    const issued = (await as(personPrincipal(bob.id), ISSUE)).body.data!.issueMyCreditReport as { number: string; digest: string };
    const answer = async (n: string, d: string) => (await as(anonymous, VERIFY, { n, d })).body.data!.verifyPersonalCreditReport as { valid: boolean };
    const nothing = (n: string) => ({ number: n, valid: false, issuedAt: null, subject: null, superseded: null });
    expect((await answer(issued.number, issued.digest)).valid).toBe(true);
    expect(await answer(issued.number, 'f'.repeat(64))).toEqual(nothing(issued.number));
    expect(await answer('P2020010100000001', issued.digest)).toEqual(nothing('P2020010100000001'));
    expect(await answer('E20200101000000001', issued.digest)).toEqual(nothing('E20200101000000001'));
    await as(personPrincipal(bob.id), 'mutation($n: [String!]) { deleteMyReports(numbers: $n) }', { n: [issued.number] });
    expect(await answer(issued.number, issued.digest)).toEqual(nothing(issued.number));
  });
});
