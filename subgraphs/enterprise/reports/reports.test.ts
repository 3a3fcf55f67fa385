/**
 * Credit reports of legal persons, on the real enterprise subgraph with the real social-org and
 * finance subgraphs as its peers (all on port 0, fresh databases, one signing secret).
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../lib/caller.ts';
import { makeUscc } from '../../../lib/identifiers/uscc.ts';
import { insertArchive } from '../db/index.ts';
import {
  anonymous, archiveRows, common, enterpriseCaller, enterpriseRow, institution, mergeArchives, movableClock, onlyError, operator,
  sourceDepartment, uscc, type TestSubgraph,
} from '../test-support.ts';
import { startReportDesk, type ReportDesk } from './test-support.ts';

const clock = movableClock('2025-06-15T10:00:00+08:00');
let desk: ReportDesk;
let sg: TestSubgraph;
let publicJwk: Record<string, unknown>;

const A = uscc(1);
const B = uscc(2);
const ORG = makeUscc({ authority: '5', orgType: '1', regionCode: '440306', orgCodeBody: '50000001' });
const agency = (scopes: string[]): Principal => ({ ...institution('CREDIT_SERVICE'), scopes } as Principal);
const issuer = agency(['reports:issue']);

const ISSUE = `mutation($s: ID!, $p: CreditReportPurpose!) { issueCreditReport(subject: $s, purpose: $p) {
  number subjectKind subject subjectName purpose issuedAt digest json signature kid pdfPath jsonPath } }`;
const VERIFY = `query($n: String!, $d: String!) { verifyCreditReport(number: $n, digest: $d) {
  number valid issuedAt subjectKind subject subjectName superseded changes { reason section recordId } } }`;

async function issue(caller: Principal, subject = A, purpose = 'TENDERING') {
  const res = await sg.query(caller, ISSUE, { s: subject, p: purpose });
  return { res, report: res.body.data?.issueCreditReport as Record<string, string> | null };
}
const verifyReport = async (number: string, digest: string, caller: Principal = anonymous) =>
  (await sg.query(caller, VERIFY, { n: number, d: digest })).body.data?.verifyCreditReport as Record<string, unknown>;

beforeAll(async () => {
  desk = await startReportDesk({ now: clock.now });
  ({ sg, publicJwk } = desk);
  await insertArchive(sg.db, mergeArchives(
    { enterprises: [enterpriseRow(1), enterpriseRow(2)] },
    archiveRows(A, 'a'),
    // Past its publicity end: the enterprise itself sees it, the public does not.
    { penalties: [{ ...archiveRows(A, 'a-old').penalties[0]!, publicityEndDate: '2025-01-01' }] },
    archiveRows(B, 'b'),
  ));
  await desk.socialOrg.db.prisma.socialOrganization.create({ data: {
    uscc: ORG, name: '深圳市测试慈善基金会', orgType: '基金会', registrationAuthority: '深圳市民政局', registeredOn: '2015-01-01',
    regionCode: '440306', businessScope: '资助公益项目', ratingGrade: '4A', ratingYear: 2024, ratingValidUntil: '2029-12-31',
  } });
  await desk.socialOrg.db.prisma.socialOrgPenalty.create({ data: {
    id: 'org-pen', uscc: ORG, documentNumber: '深民罚〔2025〕1号', decisionDate: '2025-03-01', violation: '未按规定报送年度工作报告',
    penaltyType: '警告', amount: null, sourceDepartment: '深圳市民政局', publicityEndDate: '2025-09-01',
  } });
});

afterAll(async () => {
  await desk?.close();
});

describe('issueCreditReport', () => {
  it('issues a numbered report whose digest is the SHA-256 of its canonical JSON and whose signature verifies with the published key', async () => {
    const { res, report } = await issue(enterpriseCaller(A), A, 'GOVERNMENT_PROCUREMENT');
    expect(res.body.errors).toBeUndefined();
    expect(report).toMatchObject({
      subjectKind: 'ENTERPRISE', subject: A, subjectName: '测试企业001有限公司', purpose: 'GOVERNMENT_PROCUREMENT',
      issuedAt: '2025-06-15T02:00:00.000Z', kid: 'report-test',
    });
    expect(report!.number).toMatch(/^E20250615\d{8}$/);
    expect(report!.pdfPath).toBe(`/reports/${report!.number}.pdf`);
    expect(report!.digest).toBe(createHash('sha256').update(report!.json, 'utf8').digest('hex'));
    // An independent check: plain Ed25519 over the JWS signing input, with the public JWK.
    const [header, empty, signature] = report!.signature.split('.');
    expect(empty).toBe('');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'EdDSA', kid: 'report-test', typ: 'credit-report+jws' });
    const input = Buffer.from(`${header}.${Buffer.from(report!.json).toString('base64url')}`);
    expect(verify(null, input, createPublicKey({ key: publicJwk as never, format: 'jwk' }), Buffer.from(signature!, 'base64url'))).toBe(true);
  });

  it('holds what the issuer may see: everything of its own for the enterprise, public records only for an agency', async () => {
    const own = JSON.parse((await issue(enterpriseCaller(A))).report!.json);
    const byAgency = JSON.parse((await issue(issuer)).report!.json);
    const penalties = (doc: { sections: { key: string; records: { id: string; disclosure: string }[] | null }[] }) =>
      doc.sections.find((s) => s.key === 'penalties')!.records!.map((r) => [r.id, r.disclosure]);
    expect(penalties(own)).toEqual([['a-old-pen', 'EXPIRED'], ['a-pen', 'PUBLISHED']]);
    expect(penalties(byAgency)).toEqual([['a-pen', 'PUBLISHED']]);
    expect(byAgency.issuer).toEqual({ kind: 'INSTITUTION', id: 'inst-credit_service', name: 'CREDIT_SERVICE test institution' });
    expect(byAgency.profile).toMatchObject({ registeredName: '测试企业001有限公司', regionName: '深圳市宝安区', registrationStatus: '存续' });
    // Rating and sanctions as everybody sees them; loans only for who may see them (finance decides).
    expect(byAgency.summary).toEqual({ ratingGrade: 'C', ratingScore: 55, sanctionsStatus: 'RESTRICTED' });
    expect(byAgency.sections.find((s: { key: string }) => s.key === 'creditEasyLoans').records).toBeNull();
    expect(own.sections.find((s: { key: string }) => s.key === 'creditEasyLoans').records).toEqual([]);
    expect(byAgency.sections.map((s: { key: string }) => s.key)).toEqual([
      'licenses', 'penalties', 'redList', 'blackList', 'certificates', 'inspections', 'commitments', 'evaluations', 'honors',
      'otherRecords', 'creditEasyLoans', 'ratingIndicators', 'sanctionMeasures',
    ]);
  });

  it('numbers reports in sequence, never twice', async () => {
    const numbers = await Promise.all([1, 2, 3, 4].map(async () => (await issue(operator)).report!.number));
    expect(new Set(numbers).size).toBe(4);
    const seqs = numbers.map((n) => Number(n.slice(9))).sort((x, y) => x - y);
    expect(seqs[3]! - seqs[0]!).toBe(3);
  });

  it.each([
    ['anonymous callers', anonymous],
    ['another enterprise', enterpriseCaller(B)],
    ['an institution without reports:issue', agency(['loans:read'])],
    ['a person', { kind: 'PERSON', personId: 'p-1' } as Principal],
  ])('refuses %s with FORBIDDEN', async (_name, caller) => {
    const { res, report } = await issue(caller);
    expect(report).toBeNull();
    expect(onlyError(res.body)).toMatchObject({ code: 'FORBIDDEN', path: ['issueCreditReport'] });
  });

  it('refuses a malformed code and answers NOT_FOUND for a subject not on record', async () => {
    expect(onlyError((await issue(operator, '91440300MA5XXXXXX')).res.body)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'USCC_FORMAT' });
    expect(onlyError((await issue(operator, uscc(99))).res.body)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('issues a social organisation\'s report from the social-org subgraph\'s archive', async () => {
    const { res, report } = await issue(issuer, ORG);
    expect(res.body.errors).toBeUndefined();
    expect(report!.number).toMatch(/^S20250615\d{8}$/);
    const doc = JSON.parse(report!.json);
    expect(doc.subject).toEqual({ kind: 'SOCIAL_ORGANIZATION', id: ORG, name: '深圳市测试慈善基金会' });
    expect(doc.summary).toEqual({ ratingGrade: '4A', ratingYear: 2024, ratingValidUntil: '2029-12-31', sanctionsStatus: 'NONE' });
    expect(doc.sections.find((s: { key: string }) => s.key === 'penalties').records).toEqual([expect.objectContaining({ id: 'org-pen', violation: '未按规定报送年度工作报告' })]);
  });
});

describe('creditReport', () => {
  it('serves a report to its issuer, its subject and operators, and to nobody else', async () => {
    const { report } = await issue(issuer);
    const read = async (caller: Principal) => (await sg.query(caller, 'query($n: String!) { creditReport(number: $n) { digest } }', { n: report!.number })).body;
    for (const caller of [issuer, enterpriseCaller(A), operator]) expect((await read(caller)).data?.creditReport).toEqual({ digest: report!.digest });
    for (const caller of [{ ...issuer, institutionId: 'inst-other' } as Principal, enterpriseCaller(B), anonymous]) {
      expect(onlyError(await read(caller))).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('verifyCreditReport', () => {
  it('confirms a genuine report to anyone, anonymous included, and says it is current', async () => {
    const { report } = await issue(issuer);
    expect(await verifyReport(report!.number, report!.digest.toUpperCase())).toEqual({
      number: report!.number, valid: true, issuedAt: '2025-06-15T02:00:00.000Z', subjectKind: 'ENTERPRISE', subject: A,
      subjectName: '测试企业001有限公司', superseded: false, changes: [],
    });
  });

  it('answers a wrong digest and an unknown number alike, disclosing nothing', async () => {
    const { report } = await issue(issuer);
    const wrong = `${report!.digest.slice(0, 63)}${report!.digest.endsWith('0') ? '1' : '0'}`;
    const nothing = { valid: false, issuedAt: null, subjectKind: null, subject: null, subjectName: null, superseded: null, changes: null };
    expect(await verifyReport(report!.number, wrong)).toEqual({ number: report!.number, ...nothing });
    expect(await verifyReport('E2025061599999999', report!.digest)).toEqual({ number: 'E2025061599999999', ...nothing });
    expect(await verifyReport('not-a-number', 'x')).toEqual({ number: 'not-a-number', ...nothing });
  });

  it('is not fooled by a stored copy changed after signing', async () => {
    const { report } = await issue(issuer, B);
    const tampered = report!.json.replace('测试企业002有限公司', '测试企业999有限公司');
    await sg.db.prisma.creditReport.update({ where: { number: report!.number }, data: { document: tampered, digest: createHash('sha256').update(tampered).digest('hex') } });
    const digest = createHash('sha256').update(tampered).digest('hex');
    expect(await verifyReport(report!.number, digest)).toMatchObject({ valid: false, subject: null });
  });
});

describe('superseded', () => {
  let sub: string;
  beforeAll(async () => {
    sub = uscc(3);
    await insertArchive(sg.db, mergeArchives({ enterprises: [enterpriseRow(3)] }, archiveRows(sub, 'c')));
  });

  it('names a penalty repaired after issue as REPAIRED, and the public commitment the repair recorded as ADDED', async () => {
    const { report } = await issue(issuer, sub);
    const applied = await sg.query(enterpriseCaller(sub), `mutation { applyForRepair(recordId: "c-pen", commitment: "已整改", evidence: ["整改报告"]) { id } }`);
    const id = (applied.body.data?.applyForRepair as { id: string }).id;
    const decided = await sg.query(sourceDepartment(), `mutation($id: ID!) { decideRepair(id: $id, approve: true, note: "同意") { status } }`, { id });
    expect(decided.body.data?.decideRepair).toEqual({ status: 'APPROVED' });
    expect(await verifyReport(report!.number, report!.digest)).toMatchObject({
      valid: true, superseded: true, changes: [
        { reason: 'REPAIRED', section: 'penalties', recordId: 'c-pen' },
        { reason: 'ADDED', section: 'commitments', recordId: null },
      ],
    });
  });

  it('names corrected and withdrawn records, and counts added ones by section only', async () => {
    const s4 = uscc(4);
    await insertArchive(sg.db, mergeArchives({ enterprises: [enterpriseRow(4)] }, archiveRows(s4, 'd')));
    const { report } = await issue(issuer, s4);
    await sg.db.prisma.administrativeLicense.update({ where: { id: 'd-lic' }, data: { licenseName: '食品经营许可证（更正）' } });
    await sg.db.prisma.honor.update({ where: { id: 'd-hon' }, data: { status: 'WITHDRAWN' } });
    await insertArchive(sg.db, { certificates: [{ ...common('d-cert-2', s4), certificateType: '排污许可证', certificateNumber: 'P-2', issuer: '深圳市生态环境局' }] });
    expect((await verifyReport(report!.number, report!.digest)).changes).toEqual([
      { reason: 'CORRECTED', section: 'licenses', recordId: 'd-lic' },
      { reason: 'ADDED', section: 'certificates', recordId: null },
      { reason: 'WITHDRAWN', section: 'honors', recordId: 'd-hon' },
    ]);
  });

  it('names a record whose publicity has ended since as EXPIRED', async () => {
    const { report } = await issue(issuer, ORG);
    clock.set('2025-09-02T10:00:00+08:00');
    try {
      expect(await verifyReport(report!.number, report!.digest)).toMatchObject({
        valid: true, superseded: true, changes: [{ reason: 'EXPIRED', section: 'penalties', recordId: 'org-pen' }],
      });
    } finally {
      clock.set('2025-06-15T10:00:00+08:00');
    }
  });
});
