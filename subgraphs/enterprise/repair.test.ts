import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { insertArchive } from './db/index.ts';
import type { FoundRecord } from './db/records.ts';
import { loadRepairRules } from '../../lib/catalogue/repair-rules.ts';
import { repairCheck } from './repair.ts';
import {
  anonymous, archiveRows, common, enterpriseCaller, enterpriseRow, institution, mergeArchives, movableClock, onlyError,
  operator, sourceDepartment, startTestSubgraph, uscc, type GraphQLBody, type TestSubgraph,
} from './test-support.ts';

const SELF = uscc(1);
const OTHER = uscc(2);
const self = enterpriseCaller(SELF);
/** The department the fixtures' records come from (深圳市市场监督管理局): 谁处罚、谁修复. */
const samr = sourceDepartment('samr');
const eco = sourceDepartment('eco');
const RULES = loadRepairRules();
/** Wednesday 17 June 2026: the Dragon Boat holiday is Friday 19 to Sunday 21 June. */
const clock = movableClock('2026-06-17T09:30:00+08:00');

const penalty = (id: string, over: { decisionDate?: string; severity?: string; domain?: string; publicityEndDate?: string; uscc?: string; sourceDepartment?: string } = {}) => ({
  ...common(id, over.uscc ?? SELF, { decisionDate: over.decisionDate ?? '2026-03-01', publicityEndDate: over.publicityEndDate ?? '2029-03-01' }),
  ...(over.sourceDepartment ? { sourceDepartment: over.sourceDepartment } : {}),
  violation: '未按规定公示年度报告', legalBasis: '《企业信息公示暂行条例》第十条', penaltyType: '罚款', amount: 5000,
  publicityPeriodMonths: 36, severity: over.severity ?? 'GENERAL', domain: over.domain ?? 'GENERAL',
});
const blackEntry = (id: string, listedOn: string, over: { basisRecordId?: string; listName?: string } = {}) => ({
  ...common(id, SELF, { decisionDate: listedOn, publicityEndDate: '2029-01-01' }),
  listType: 'BLACK', listName: over.listName ?? '失信被执行人', reason: '有履行能力而拒不履行', listingAuthority: '深圳市中级人民法院',
  listedOn, removedOn: null, basisRecordId: over.basisRecordId ?? null,
});

const APP = 'id uscc recordId recordType commitment evidence status appliedAt dueOn extended decidedAt decisionNote overdue';
const APPLY = `mutation($r: ID!, $c: String!, $e: [String!]!) { applyForRepair(recordId: $r, commitment: $c, evidence: $e) { ${APP} } }`;
const DECIDE = `mutation($id: ID!, $ok: Boolean!) { decideRepair(id: $id, approve: $ok, note: "材料齐全，同意修复") { ${APP} } }`;
const EXTEND = `mutation($id: ID!) { extendRepair(id: $id) { ${APP} } }`;
const COMMITMENT = '本单位已纠正失信行为并履行全部义务，承诺今后严格遵守法律法规。';

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph({ now: clock.now });
  const own = archiveRows(SELF, 's');
  await insertArchive(sg.db, mergeArchives(
    { enterprises: [enterpriseRow(1), enterpriseRow(2)] },
    { licenses: own.licenses, listEntries: own.listEntries.filter((e) => e.listType === 'RED') },
    {
      penalties: [
        penalty('p-ready', { decisionDate: '2026-03-17' }), // 3 months: from 2026-06-17
        penalty('p-early', { decisionDate: '2026-03-18' }), // from 2026-06-18
        penalty('p-fire', { decisionDate: '2025-09-01', domain: 'FIRE_SAFETY' }), // 1 year: from 2026-09-01
        penalty('p-serious', { severity: 'SERIOUS', publicityEndDate: '2029-03-01' }), // 1 year: from 2027-03-01
        penalty('p-serious-old', { severity: 'SERIOUS', decisionDate: '2025-05-01', publicityEndDate: '2028-05-01' }),
        penalty('p-minor', { severity: 'MINOR', decisionDate: '2026-06-01', publicityEndDate: '2029-06-01' }),
        penalty('p-court', { decisionDate: '2025-01-01', sourceDepartment: '深圳市宝安区人民法院' }), // no catalogue department
        penalty('p-overdue', { decisionDate: '2025-01-01' }),
        penalty('p-reject', { decisionDate: '2025-01-01' }),
        penalty('o-pen', { uscc: OTHER }),
      ],
      listEntries: [
        blackEntry('b-rests', '2026-03-20', { basisRecordId: 'p-ready', listName: '严重违法失信主体名单' }),
        blackEntry('b-own', '2025-12-17'), // 6 months: from 2026-06-17
        blackEntry('b-early', '2026-01-01', { listName: '政府采购严重违法失信行为记录名单' }),
      ],
    },
  ));
});
afterAll(() => sg?.stop());

const apply = async (recordId: string, by: Principal = self, c = COMMITMENT, e = ['整改报告（2026-05-30）', '罚款缴纳凭证']) =>
  (await sg.query(by, APPLY, { r: recordId, c, e })).body;
const appOf = (body: GraphQLBody, field: string) => (body.data as Record<string, Record<string, unknown> & { id: string }>)[field]!;

describe('applyForRepair', () => {
  it('refuses a general penalty before 3 months from the decision with REPAIR_TOO_EARLY and the earliest date', async () => {
    const body = await apply('p-early');
    expect(body.data).toEqual({ applyForRepair: null });
    expect(onlyError(body)).toMatchObject({ path: ['applyForRepair'], code: 'BAD_USER_INPUT', reason: 'REPAIR_TOO_EARLY', extensions: { earliestDate: '2026-06-18' } });
  });

  it('refuses a fire-safety penalty before 1 year', async () => {
    expect(onlyError(await apply('p-fire'))).toMatchObject({ reason: 'REPAIR_TOO_EARLY', extensions: { earliestDate: '2026-09-01' } });
  });

  it('refuses a serious penalty before its 1-year minimum with REPAIR_TOO_EARLY', async () => {
    expect(onlyError(await apply('p-serious'))).toMatchObject({ reason: 'REPAIR_TOO_EARLY', extensions: { earliestDate: '2027-03-01' } });
  });

  it('refuses a black-list entry listed less than 6 months ago', async () => {
    expect(onlyError(await apply('b-early'))).toMatchObject({ reason: 'REPAIR_TOO_EARLY', extensions: { earliestDate: '2026-07-01' } });
  });

  it('refuses records other than penalties and black-list entries with NOT_REPAIRABLE', async () => {
    expect(onlyError(await apply('s-lic'))).toMatchObject({ reason: 'NOT_REPAIRABLE' });
    expect(onlyError(await apply('s-red'))).toMatchObject({ reason: 'NOT_REPAIRABLE' });
  });

  it('refuses anyone but the subject with FORBIDDEN, whether or not the record exists', async () => {
    const other = onlyError(await apply('o-pen'));
    expect(other).toMatchObject({ code: 'FORBIDDEN' });
    expect(onlyError(await apply('no-such-record'))).toEqual(other);
    for (const by of [anonymous, operator, institution('GOVERNMENT'), enterpriseCaller(OTHER)]) {
      expect(onlyError(await apply('p-ready', by))).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('refuses a blank commitment or no evidence', async () => {
    expect(onlyError(await apply('p-ready', self, ' '))).toMatchObject({ reason: 'COMMITMENT_REQUIRED' });
    expect(onlyError(await apply('p-ready', self, COMMITMENT, []))).toMatchObject({ reason: 'EVIDENCE_REQUIRED' });
  });

  it('accepts an application on the first allowed day, due in 3 working days after the Dragon Boat holiday', async () => {
    const body = await apply('p-ready');
    expect(body.errors).toBeUndefined();
    expect(appOf(body, 'applyForRepair')).toEqual({
      id: expect.any(String), uscc: SELF, recordId: 'p-ready', recordType: 'AdministrativePenalty', commitment: COMMITMENT,
      evidence: ['整改报告（2026-05-30）', '罚款缴纳凭证'], status: 'PENDING', appliedAt: '2026-06-17T01:30:00.000Z',
      dueOn: '2026-06-23', extended: false, decidedAt: null, decisionNote: null, overdue: false,
    });
    expect(onlyError(await apply('p-ready'))).toMatchObject({ reason: 'REPAIR_PENDING' });
  });
});

describe('deciding', () => {
  const SANCTIONS = `query($s: [ID!]!) { checkSanctions(subjects: $s, matterCode: "GOV_SUBSIDY") { decision basis { id } } }`;
  let app: string;

  beforeAll(async () => {
    const { body } = await sg.query(operator, '{ pendingRepairs { id recordId } }');
    app = (body.data as { pendingRepairs: { id: string; recordId: string }[] }).pendingRepairs.find((a) => a.recordId === 'p-ready')!.id;
  });

  it('lists pending applications to operators only', async () => {
    expect((await sg.query(operator, '{ pendingRepairs { recordId status dueOn } }')).body)
      .toEqual({ data: { pendingRepairs: [{ recordId: 'p-ready', status: 'PENDING', dueOn: '2026-06-23' }] } });
    expect(onlyError((await sg.query(self, '{ pendingRepairs { id } }')).body)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('extends the deadline by 3 working days once', async () => {
    expect(onlyError((await sg.query(self, EXTEND, { id: app })).body)).toMatchObject({ code: 'FORBIDDEN' });
    expect(appOf((await sg.query(operator, EXTEND, { id: app })).body, 'extendRepair')).toMatchObject({ extended: true, dueOn: '2026-06-26' });
    expect(onlyError((await sg.query(operator, EXTEND, { id: app })).body)).toMatchObject({ reason: 'ALREADY_EXTENDED' });
  });

  it('refuses a decision by the enterprise with FORBIDDEN and an unknown id with NOT_FOUND', async () => {
    expect(onlyError((await sg.query(self, DECIDE, { id: app, ok: true })).body)).toMatchObject({ code: 'FORBIDDEN' });
    expect(onlyError((await sg.query(operator, DECIDE, { id: 'nope', ok: true })).body)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('approved: the penalty is REPAIRED and hidden from the public, the list entry resting on it ends and sanctions stop', async () => {
    const gov = institution('GOVERNMENT');
    expect((await sg.query(gov, SANCTIONS, { s: [SELF] })).body)
      .toEqual({ data: { checkSanctions: [{ decision: 'RESTRICTED', basis: [{ id: 'b-rests' }, { id: 'b-own' }] }] } });

    clock.set('2026-06-22T15:00:00+08:00');
    const { body } = await sg.query(samr, DECIDE, { id: app, ok: true });
    expect(body.errors).toBeUndefined();
    expect(appOf(body, 'decideRepair')).toMatchObject({ status: 'APPROVED', decidedAt: '2026-06-22T07:00:00.000Z', decisionNote: '材料齐全，同意修复', overdue: false });

    const penalties = 'query($u: ID!) { enterprise(uscc: $u) { penalties { id disclosure } blackList { id disclosure removedOn } commitments { commitmentType content committedOn status validTo } } }';
    const pub = (await sg.query(anonymous, penalties, { u: SELF })).body.data as { enterprise: Record<string, { id?: string }[]> };
    expect(pub.enterprise.penalties!.map((p) => p.id)).not.toContain('p-ready');
    expect(pub.enterprise.blackList!.map((e) => e.id)).not.toContain('b-rests');
    // The repair's commitment has a term (1 year), so it is published while it runs, not forever.
    expect(pub.enterprise.commitments).toEqual([{ commitmentType: '信用修复承诺', content: COMMITMENT, committedOn: '2026-06-17', status: 'IN_FORCE', validTo: '2027-06-22' }]);
    const all = (await sg.query(gov, penalties, { u: SELF })).body.data as { enterprise: Record<string, unknown[]> };
    expect(all.enterprise.penalties).toContainEqual({ id: 'p-ready', disclosure: 'REPAIRED' });
    expect(all.enterprise.blackList).toContainEqual({ id: 'b-rests', disclosure: 'REPAIRED', removedOn: '2026-06-22' });

    expect((await sg.query(gov, SANCTIONS, { s: [SELF] })).body)
      .toEqual({ data: { checkSanctions: [{ decision: 'RESTRICTED', basis: [{ id: 'b-own' }] }] } });
    expect(onlyError((await sg.query(samr, DECIDE, { id: app, ok: false })).body)).toMatchObject({ reason: 'INVALID_STATE', extensions: { status: 'APPROVED' } });
    expect(onlyError(await apply('p-ready'))).toMatchObject({ reason: 'ALREADY_REPAIRED' });
  });

  it('repairing the black-list entry itself ends it: its sanctions stop and the red list\'s incentive applies', async () => {
    clock.set('2026-06-22T15:10:00+08:00');
    const id = appOf(await apply('b-own'), 'applyForRepair').id;
    await sg.query(samr, DECIDE, { id, ok: true });
    expect((await sg.query(institution('GOVERNMENT'), SANCTIONS, { s: [SELF] })).body)
      .toEqual({ data: { checkSanctions: [{ decision: 'INCENTIVE', basis: [{ id: 's-red' }] }] } });
  });

  it('rejected: the record stays published and a new application can follow', async () => {
    clock.set('2026-06-22T15:20:00+08:00');
    const id = appOf(await apply('p-reject'), 'applyForRepair').id;
    expect(appOf((await sg.query(samr, DECIDE, { id, ok: false })).body, 'decideRepair')).toMatchObject({ status: 'REJECTED' });
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { penalties { id disclosure } } }', { u: SELF });
    expect((body.data as { enterprise: { penalties: unknown[] } }).enterprise.penalties).toContainEqual({ id: 'p-reject', disclosure: 'PUBLISHED' });
    clock.set('2026-06-22T15:30:00+08:00');
    expect(appOf(await apply('p-reject'), 'applyForRepair')).toMatchObject({ status: 'PENDING' });
  });

  it('shows the enterprise its applications, newest first; FORBIDDEN to the public', async () => {
    const LIST = 'query($u: ID!) { enterprise(uscc: $u) { repairApplications { recordId status } } }';
    expect((await sg.query(self, LIST, { u: SELF })).body).toEqual({ data: { enterprise: { repairApplications: [
      { recordId: 'p-reject', status: 'PENDING' }, { recordId: 'p-reject', status: 'REJECTED' },
      { recordId: 'b-own', status: 'APPROVED' }, { recordId: 'p-ready', status: 'APPROVED' },
    ] } } });
    expect(onlyError((await sg.query(anonymous, LIST, { u: SELF })).body)).toMatchObject({ path: ['enterprise', 'repairApplications'], code: 'FORBIDDEN' });
  });
});

describe('repairCheck', () => {
  const pen = (over: Parameters<typeof penalty>[1]): FoundRecord => ({ type: 'AdministrativePenalty', row: penalty('x', over) as never });

  it('counts 3 months from the decision for a general penalty, clamped to the end of a shorter month', () => {
    expect(repairCheck(RULES, pen({ decisionDate: '2026-03-31' }), '2026-06-29')).toMatchObject({ ok: false, earliestDate: '2026-06-30' });
    expect(repairCheck(RULES, pen({ decisionDate: '2026-03-31' }), '2026-06-30')).toMatchObject({ ok: true, recordClass: { code: 'PENALTY_GENERAL' } });
  });

  it('counts 1 year for special equipment and work safety, minor or general', () => {
    for (const domain of ['SPECIAL_EQUIPMENT', 'WORK_SAFETY']) {
      for (const severity of ['MINOR', 'GENERAL']) {
        expect(repairCheck(RULES, pen({ decisionDate: '2025-06-17', domain, severity }), '2026-06-16')).toMatchObject({ reason: 'REPAIR_TOO_EARLY', earliestDate: '2026-06-17' });
      }
    }
  });

  it('lets a serious penalty be repaired 1 year after its decision, long before its publicity ends (was: never before the end)', () => {
    expect(repairCheck(RULES, pen({ severity: 'SERIOUS', decisionDate: '2025-06-17', publicityEndDate: '2028-06-17' }), '2026-06-17'))
      .toMatchObject({ ok: true, recordClass: { code: 'PENALTY_SERIOUS', requirements: expect.arrayContaining(['TRAINING_CERTIFICATE', 'CREDIT_REPORT']) } });
  });

  it('lets a minor penalty be repaired on the day of its decision (Bao\'an), granted on application', () => {
    expect(repairCheck(RULES, pen({ severity: 'MINOR', decisionDate: '2026-06-17' }), '2026-06-17'))
      .toMatchObject({ ok: true, recordClass: { code: 'PENALTY_MINOR', decidedBy: 'ON_APPLICATION' } });
  });
});

describe('the repair rules as data', () => {
  it('publishes every penalty class longer than its minimum, so repair always matters', () => {
    for (const c of RULES.classes) expect(c.maxMonths).toBeGreaterThan(c.minMonths);
  });
});

const DOCS = `mutation($r: ID!, $d: [RepairDocumentInput!]) { applyForRepair(recordId: $r, commitment: "${COMMITMENT}", evidence: ["整改报告"], documents: $d) {
  id status recordClass routedTo documents { requirement reference } decidedByKind } }`;
const ELIGIBILITY = `query($r: ID!) { repairEligibility(recordId: $r) { recordId recordClass repairable reason earliestDate decidedBy routedTo
  requirements { code } } }`;

describe('credit repair as the departments run it (issue 16)', () => {
  it('grants a minor penalty on application (Bao\'an: corrected and publicly committed, no longer disclosed)', async () => {
    clock.set('2026-06-17T09:30:00+08:00');
    const { body } = await sg.query(self, DOCS, { r: 'p-minor' });
    expect(body.errors).toBeUndefined();
    expect(appOf(body, 'applyForRepair')).toMatchObject({ status: 'APPROVED', recordClass: 'PENALTY_MINOR', decidedByKind: 'RULE' });
    const pub = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { penalties { id } } }', { u: SELF });
    expect((pub.body.data as { enterprise: { penalties: { id: string }[] } }).enterprise.penalties.map((p) => p.id)).not.toContain('p-minor');
  });

  it('tells the subject when and with what a serious penalty can be repaired, and refuses it without Yuexiu\'s documents', async () => {
    const e = await sg.query(self, ELIGIBILITY, { r: 'p-serious-old' });
    expect(e.body.data).toEqual({ repairEligibility: {
      recordId: 'p-serious-old', recordClass: 'PENALTY_SERIOUS', repairable: true, reason: null, earliestDate: '2026-05-01', decidedBy: 'DEPARTMENT', routedTo: 'samr',
      requirements: [{ code: 'PUBLIC_COMMITMENT' }, { code: 'CORRECTION_EVIDENCE' }, { code: 'TRAINING_CERTIFICATE' }, { code: 'CREDIT_REPORT' }, { code: 'RECTIFICATION_EVIDENCE' }],
    } });
    expect((await sg.query(self, ELIGIBILITY, { r: 'p-serious' })).body.data).toMatchObject({ repairEligibility: { repairable: false, reason: 'REPAIR_TOO_EARLY', earliestDate: '2027-03-01' } });
    expect(onlyError((await sg.query(enterpriseCaller(OTHER), ELIGIBILITY, { r: 'p-serious-old' })).body)).toMatchObject({ code: 'FORBIDDEN' });
    const missing = onlyError((await sg.query(self, DOCS, { r: 'p-serious-old', d: [{ requirement: 'TRAINING_CERTIFICATE', reference: '越秀区信用修复专题培训结业证 2026-041' }] })).body);
    expect(missing).toMatchObject({ reason: 'REQUIREMENTS_MISSING', extensions: { missing: ['CREDIT_REPORT', 'RECTIFICATION_EVIDENCE'] } });
  });

  it('routes a serious penalty\'s application to the department that sent it, which alone decides before the deadline', async () => {
    const docs = [
      { requirement: 'TRAINING_CERTIFICATE', reference: '越秀区信用修复专题培训结业证 2026-041' },
      { requirement: 'CREDIT_REPORT', reference: '信用报告 XY-2026-0615' },
      { requirement: 'RECTIFICATION_EVIDENCE', reference: '整改核查意见书' },
    ];
    const { body } = await sg.query(self, DOCS, { r: 'p-serious-old', d: docs });
    expect(body.errors).toBeUndefined();
    const app = appOf(body, 'applyForRepair');
    expect(app).toMatchObject({ status: 'PENDING', recordClass: 'PENALTY_SERIOUS', routedTo: 'samr', documents: docs });
    // The department sees it among its pending applications; another department does not.
    const mine = (await sg.query(samr, '{ pendingRepairs { id } }')).body.data as { pendingRepairs: { id: string }[] };
    expect(mine.pendingRepairs.map((a) => a.id)).toContain(app.id);
    expect((await sg.query(eco, '{ pendingRepairs { id } }')).body.data).toEqual({ pendingRepairs: [] });
    expect(onlyError((await sg.query(operator, DECIDE, { id: app.id, ok: true })).body)).toMatchObject({ code: 'FORBIDDEN' });
    expect(onlyError((await sg.query(eco, DECIDE, { id: app.id, ok: true })).body)).toMatchObject({ code: 'FORBIDDEN' });
    const decided = await sg.query(samr, `mutation($id: ID!) { decideRepair(id: $id, approve: true, note: "培训、报告、整改材料齐全") { status decidedByKind } }`, { id: app.id });
    expect(decided.body.data).toEqual({ decideRepair: { status: 'APPROVED', decidedByKind: 'DEPARTMENT' } });
  });

  it('lets the operator decide what no department owns, and take over an overdue application', async () => {
    const court = appOf((await sg.query(self, DOCS, { r: 'p-court' })).body, 'applyForRepair');
    expect(court).toMatchObject({ status: 'PENDING', routedTo: null });
    expect((await sg.query(operator, DECIDE, { id: court.id, ok: true })).body.data).toMatchObject({ decideRepair: { status: 'APPROVED' } });

    const late = appOf((await sg.query(self, DOCS, { r: 'p-overdue' })).body, 'applyForRepair');
    expect(onlyError((await sg.query(operator, DECIDE, { id: late.id, ok: true })).body)).toMatchObject({ code: 'FORBIDDEN' });
    clock.set('2026-07-20T10:00:00+08:00'); // past the 3-working-day deadline
    expect((await sg.query(operator, DECIDE, { id: late.id, ok: false })).body.data).toMatchObject({ decideRepair: { status: 'REJECTED' } });
  });
});
