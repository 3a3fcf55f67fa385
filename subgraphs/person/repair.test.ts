/**
 * A person repairs their own penalty (信用修复, issue 16), by the enterprises' rules
 * (lib/catalogue/repair.json): refused too early, without the class's documents, on another
 * person's record and on a court's listing; routed to the department that penalised, which decides
 * (another department may not); the operator extends and takes over overdue cases; granted, the
 * penalty is hidden from everyone but the person, and every handler's read is in the access log.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Caller } from '../../lib/caller.ts';
import type { Db } from './db/client.ts';
import {
  caller, errorCodes, gql, insertConsent, insertPerson, institution, operator, personPrincipal,
  startTestSubgraph, type FixturePerson, type GqlResponse, type TestPersonSubgraph,
} from './test-support.ts';

/** Wednesday 30 September 2026, the day before the National Day holiday (1–7 October). */
let now = new Date('2026-09-30T10:00:00+08:00');
const at = (iso: string) => { now = new Date(iso); };

const APP = `id recordId recordType recordClass status dueOn extended overdue routedTo decidedByKind decisionNote evidence
  documents { requirement reference } person { idNumber }`;
const APPLY = `mutation($r: ID!, $d: [RepairDocumentInput!]) {
  applyForPersonRepair(recordId: $r, commitment: "本人已纠正违法行为，承诺今后遵纪守法。", evidence: ["罚款缴纳凭证"], documents: $d) { ${APP} } }`;
const DECIDE = `mutation($id: ID!, $ok: Boolean!) { decidePersonRepair(id: $id, approve: $ok, note: "材料齐全，同意修复") { ${APP} record { id repaired } } }`;
const EXTEND = `mutation($id: ID!) { extendPersonRepair(id: $id) { ${APP} } }`;
const PENDING = `{ pendingPersonRepairs { ${APP} } }`;
const ELIGIBILITY = `query($r: ID!) { personRepairEligibility(recordId: $r) {
  recordId recordType recordClass repairable reason earliestDate requirements { code given } decidedBy routedTo } }`;
const PENALTIES = `query($n: String!) { person(idNumber: $n) { penalties { id repaired } repairApplications { id status recordId } } }`;

let server: TestPersonSubgraph;
let alice: FixturePerson;
let bob: FixturePerson;
const asAlice = () => caller(personPrincipal(alice.id));
const asBank = () => caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN');
const asOperator = () => caller(operator);
/** The market regulator that penalised (湖州市市场监督管理局 is catalogue department samr's), and another department. */
const asSamr = () => caller(institution('samr-dept', 'SOURCE_DEPARTMENT', ['department:samr']));
const asEco = () => caller(institution('eco-dept', 'SOURCE_DEPARTMENT', ['department:eco']));

async function insertPenalties(db: Db, personId: string, rows: { id: string; decisionDate: string; severity?: string }[]): Promise<void> {
  await db.prisma.personPenalty.createMany({
    data: rows.map((r) => ({
      id: r.id, personId, catalogItemCode: 'ZRR-CF-001', sourceDepartment: '湖州市市场监督管理局', documentNumber: `${r.id}-DOC`,
      decisionDate: r.decisionDate, violation: `${r.id} 从事无证无照经营`, legalBasis: '《无证无照经营查处办法》第十三条',
      penaltyType: '罚款', amount: 2000, publicityEndDate: '2029-06-01', severity: r.severity ?? 'GENERAL',
    })),
  });
}

beforeAll(async () => {
  server = await startTestSubgraph({ now: () => now });
  alice = await insertPerson(server.db, '张三丰');
  bob = await insertPerson(server.db, '李四');
  await insertPenalties(server.db, alice.id, [
    { id: 'a-ready', decisionDate: '2026-06-01' }, // general: 3 months, from 2026-09-01
    { id: 'a-early', decisionDate: '2026-07-15' }, // from 2026-10-15
    { id: 'a-serious', decisionDate: '2025-06-01', severity: 'SERIOUS' }, // 1 year, with training and a credit report
    { id: 'a-late', decisionDate: '2026-05-01' },
  ]);
  await insertPenalties(server.db, bob.id, [{ id: 'b-pen', decisionDate: '2026-01-01' }]);
  await server.db.prisma.judgmentDebtorCase.create({
    data: { id: 'a-jd', personId: alice.id, caseNumber: '(2026)浙05执1号', court: '湖州市中级人民法院', obligation: 'repay 50000 yuan', listedOn: '2025-05-01', removedOn: null },
  });
  await insertConsent(server.db, {
    personId: alice.id, institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES'],
    grantedAt: new Date('2026-09-01T00:00:00Z'), expiresAt: new Date('2027-09-01T00:00:00Z'),
  });
});

afterAll(() => server?.close());

type App = Record<string, unknown> & { id: string };
const appOf = (res: GqlResponse, field: string) => (res.body.data as Record<string, App>)[field]!;
const apply = (recordId: string, who: Caller = asAlice(), documents: { requirement: string; reference: string }[] | null = null) =>
  gql(server.url, who, APPLY, { r: recordId, d: documents });
const errorOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions;
const logOf = (personId: string) => server.db.prisma.accessLogEntry.findMany({ where: { personId, basis: 'REPAIR_CASE' }, orderBy: { at: 'asc' } });

describe('applyForPersonRepair', () => {
  it('refuses a general penalty before its 3 months with REPAIR_TOO_EARLY and the earliest date', async () => {
    const res = await apply('a-early');
    expect(res.body.data).toEqual({ applyForPersonRepair: null });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REPAIR_TOO_EARLY', earliestDate: '2026-10-15' });
  });

  it('refuses a serious penalty without the training certificate and credit report its class requires', async () => {
    const res = await apply('a-serious', asAlice(), [{ requirement: 'TRAINING_CERTIFICATE', reference: '湖州市信用修复培训结业证 2026-001' }]);
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIREMENTS_MISSING', missing: ['CREDIT_REPORT'] });
  });

  it('accepts the serious penalty once the documents are named, routed to the department that penalised', async () => {
    const res = await apply('a-serious', asAlice(), [
      { requirement: 'TRAINING_CERTIFICATE', reference: '湖州市信用修复培训结业证 2026-001' },
      { requirement: 'CREDIT_REPORT', reference: '信用报告 XY-2026-0930' },
    ]);
    expect(errorCodes(res)).toEqual([]);
    expect(appOf(res, 'applyForPersonRepair')).toMatchObject({ recordClass: 'PERSON_PENALTY_SERIOUS', status: 'PENDING', routedTo: 'samr', extended: false });
  });

  it('refuses another person\'s record and an unknown id alike with FORBIDDEN', async () => {
    expect(errorCodes(await apply('b-pen'))).toEqual([['applyForPersonRepair', 'FORBIDDEN']]);
    expect(errorCodes(await apply('no-such-record'))).toEqual([['applyForPersonRepair', 'FORBIDDEN']]);
    expect(errorCodes(await apply('a-ready', asBank()))).toEqual([['applyForPersonRepair', 'FORBIDDEN']]);
  });

  it('refuses a judgment-debtor listing as the court\'s (COURT_LISTING), not repairable here', async () => {
    expect(errorOf(await apply('a-jd'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COURT_LISTING' });
    const res = await gql(server.url, asAlice(), ELIGIBILITY, { r: 'a-jd' });
    expect(res.body.data).toEqual({ personRepairEligibility: {
      recordId: 'a-jd', recordType: 'JudgmentDebtorCase', recordClass: null, repairable: false, reason: 'COURT_LISTING',
      earliestDate: null, requirements: [], decidedBy: null, routedTo: null,
    } });
  });
});

describe('personRepairEligibility', () => {
  it('tells the person when and with what their penalty can be repaired, and who decides', async () => {
    const res = await gql(server.url, asAlice(), ELIGIBILITY, { r: 'a-early' });
    expect(res.body).toEqual({ data: { personRepairEligibility: {
      recordId: 'a-early', recordType: 'PersonPenalty', recordClass: 'PERSON_PENALTY', repairable: false, reason: 'REPAIR_TOO_EARLY',
      earliestDate: '2026-10-15', requirements: [{ code: 'PUBLIC_COMMITMENT', given: 'commitment' }, { code: 'CORRECTION_EVIDENCE', given: 'evidence' }],
      decidedBy: 'DEPARTMENT', routedTo: 'samr',
    } } });
  });

  it('answers FORBIDDEN for another person\'s record', async () => {
    expect(errorCodes(await gql(server.url, asAlice(), ELIGIBILITY, { r: 'b-pen' }))).toEqual([['personRepairEligibility', 'FORBIDDEN']]);
  });
});

describe('deciding (谁处罚、谁修复)', () => {
  let appId: string;

  it('shows the department its pending applications with the ID number masked, and logs the read in the person\'s access log', async () => {
    appId = appOf(await apply('a-ready'), 'applyForPersonRepair').id;
    const res = await gql(server.url, asSamr(), PENDING);
    const pending = (res.body.data as { pendingPersonRepairs: App[] }).pendingPersonRepairs;
    expect(pending.map((a) => a.recordId).sort()).toEqual(['a-ready', 'a-serious']);
    expect(JSON.stringify(res.body)).not.toContain(alice.idNumber);
    expect(pending[0]!.person).toEqual({ idNumber: expect.stringContaining('*') });
    expect(await logOf(alice.id)).toEqual([expect.objectContaining({ accessorKind: 'INSTITUTION', institutionId: 'samr-dept', categories: 'PENALTIES' })]);
    expect((await gql(server.url, asEco(), PENDING)).body.data).toEqual({ pendingPersonRepairs: [] });
  });

  it('refuses a different department, and an operator before the deadline, with FORBIDDEN', async () => {
    expect(errorCodes(await gql(server.url, asEco(), DECIDE, { id: appId, ok: true }))).toEqual([['decidePersonRepair', 'FORBIDDEN']]);
    expect(errorCodes(await gql(server.url, asOperator(), DECIDE, { id: appId, ok: true }))).toEqual([['decidePersonRepair', 'FORBIDDEN']]);
    expect(errorCodes(await gql(server.url, asAlice(), DECIDE, { id: appId, ok: true }))).toEqual([['decidePersonRepair', 'FORBIDDEN']]);
  });

  it('lets the department that penalised grant it: the penalty is REPAIRED', async () => {
    const res = await gql(server.url, asSamr(), DECIDE, { id: appId, ok: true });
    expect(errorCodes(res)).toEqual([]);
    expect(appOf(res, 'decidePersonRepair')).toMatchObject({ status: 'APPROVED', decidedByKind: 'DEPARTMENT', record: { id: 'a-ready', repaired: true } });
  });

  it('logs the grant in the person change log, so that monitoring says the penalty was repaired and withholds what it said of it before', async () => {
    const events = await server.db.prisma.changeEvent.findMany({ where: { recordId: 'a-ready' }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.type, e.subject, e.category, e.source])).toEqual([
      ['REPAIR_GRANTED', alice.id, 'PENALTIES', 'REPAIR'],
      ['RECORD_REPAIRED', alice.id, 'PENALTIES', 'REPAIR'],
    ]);
    expect(JSON.stringify(events)).not.toContain(alice.idNumber);
  });

  it('hides the repaired penalty from a bank with the person\'s consent; the person still sees it, marked, with the application', async () => {
    const bank = await gql(server.url, asBank(), PENALTIES.replace(' repairApplications { id status recordId }', ''), { n: alice.idNumber });
    expect((bank.body.data as { person: { penalties: { id: string }[] } }).person.penalties.map((p) => p.id).sort())
      .toEqual(['a-early', 'a-late', 'a-serious']);
    const own = (await gql(server.url, asAlice(), PENALTIES, { n: alice.idNumber })).body.data as {
      person: { penalties: { id: string; repaired: boolean }[]; repairApplications: App[] };
    };
    expect(own.person.penalties.find((p) => p.id === 'a-ready')).toEqual({ id: 'a-ready', repaired: true });
    expect(own.person.repairApplications.find((a) => a.recordId === 'a-ready')).toMatchObject({ id: appId, status: 'APPROVED' });
  });
});

describe('operators oversee', () => {
  let appId: string;

  it('extends a pending application once, by 3 working days', async () => {
    const applied = appOf(await apply('a-late'), 'applyForPersonRepair');
    appId = applied.id;
    expect(errorOf(await apply('a-late'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REPAIR_PENDING' });
    const res = await gql(server.url, asOperator(), EXTEND, { id: appId });
    const extended = appOf(res, 'extendPersonRepair');
    expect(extended).toMatchObject({ extended: true, status: 'PENDING' });
    expect(String(extended.dueOn) > String(applied.dueOn)).toBe(true);
    expect(errorOf(await gql(server.url, asOperator(), EXTEND, { id: appId }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ALREADY_EXTENDED' });
    expect(await logOf(alice.id)).toContainEqual(expect.objectContaining({ accessorKind: 'OPERATOR', categories: 'PENALTIES' }));
  });

  it('decides an overdue application itself', async () => {
    at('2026-11-02T10:00:00+08:00');
    const res = await gql(server.url, asOperator(), DECIDE, { id: appId, ok: false });
    expect(appOf(res, 'decidePersonRepair')).toMatchObject({ status: 'REJECTED', decidedByKind: 'OPERATOR' });
  });
});
