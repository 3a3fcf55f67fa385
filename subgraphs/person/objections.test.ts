/**
 * A person objects to one of their own records (异议): filed and flagged at once, routed, extended,
 * decided; an upheld objection withdraws the record from everyone but the person. Every step kept.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import type { Db } from './db/client.ts';
import {
  anonymous, caller, enterprise, errorCodes, gql, insertConsent, insertPerson, institution, operator, personPrincipal,
  startTestSubgraph, type FixturePerson, type GqlResponse, type TestPersonSubgraph,
} from './test-support.ts';

/** Wednesday 30 September 2026, the day before the National Day holiday (1–7 October). */
let now = new Date('2026-09-30T10:00:00+08:00');
const at = (iso: string) => { now = new Date(iso); };

const STEP = 'action at actorKind note';
const OBJ = `id recordId recordType reason status sourceDepartment filedAt checkDueOn routedAt decisionDueOn
  extended decidedAt decision decisionNote overdue steps { ${STEP} }`;
const FILE = `mutation($r: ID!, $why: String!) { filePersonObjection(recordId: $r, reason: $why) { ${OBJ} } }`;
const ROUTE = `mutation($id: ID!) { routePersonObjection(id: $id, note: "转交数据提供单位") { ${OBJ} } }`;
const EXTEND = `mutation($id: ID!) { extendPersonObjection(id: $id) { ${OBJ} } }`;
const DECIDE = `mutation($id: ID!, $d: PersonObjectionDecision!) { decidePersonObjection(id: $id, decision: $d, note: "经核查") { ${OBJ} } }`;
const RECORDS = `query($n: String!) { person(idNumber: $n) {
  penalties { id underObjection withdrawn }
  judgmentDebtor { listed cases { id underObjection withdrawn } } } }`;
const OBJECTIONS = `query($n: String!) { person(idNumber: $n) { objections { ${OBJ} } } }`;
const OPEN = '{ openPersonObjections { id status dueOn: checkDueOn overdue } }';

let server: TestPersonSubgraph;
let alice: FixturePerson;
let bob: FixturePerson;
const as = (p: Principal) => caller(p);
const asAlice = () => caller(personPrincipal(alice.id));
const asBob = () => caller(personPrincipal(bob.id));
const asBank = () => caller(institution('bank', 'FINANCIAL'), 'CREDIT_EASY_LOAN');
const asOperator = () => caller(operator);

async function insertObjectable(db: Db, personId: string, tag: string): Promise<void> {
  const penalty = (id: string) => ({
    id, personId, catalogItemCode: 'P-001', sourceDepartment: '湖州市市场监督管理局', documentNumber: `${id}-DOC`,
    decisionDate: '2026-03-01', violation: `${tag} sold unlabelled goods`, legalBasis: 'Product Quality Law Art. 27',
    penaltyType: 'fine', amount: 2000, publicityEndDate: '2027-03-01',
  });
  await db.prisma.personPenalty.createMany({ data: [penalty(`${tag}-pen`), penalty(`${tag}-pen2`), penalty(`${tag}-pen3`)] });
  await db.prisma.judgmentDebtorCase.create({
    data: { id: `${tag}-jd`, personId, caseNumber: `(2026)${tag}执1号`, court: '湖州市中级人民法院', obligation: 'repay 50000 yuan', listedOn: '2026-05-01', removedOn: null },
  });
}

beforeAll(async () => {
  server = await startTestSubgraph({ now: () => now });
  alice = await insertPerson(server.db, '张三丰');
  bob = await insertPerson(server.db, '李四');
  await insertObjectable(server.db, alice.id, 'alice');
  await insertObjectable(server.db, bob.id, 'bob');
  for (const personId of [alice.id, bob.id]) {
    await insertConsent(server.db, {
      personId, institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: ['IDENTITY', 'PENALTIES', 'JUDGMENT_DEBTOR'],
      grantedAt: new Date('2026-09-01T00:00:00Z'), expiresAt: new Date('2027-09-01T00:00:00Z'),
    });
  }
});

afterAll(() => server?.close());

type Objection = Record<string, unknown> & { id: string; steps: Record<string, unknown>[] };
const objectionOf = (res: GqlResponse, field: string) => (res.body.data as Record<string, Objection>)[field]!;
const file = (recordId: string, who = asAlice()) => gql(server.url, who, FILE, { r: recordId, why: '处罚决定已被行政复议撤销' });
const records = async (who: ReturnType<typeof caller>, person: FixturePerson) =>
  (await gql(server.url, who, RECORDS, { n: person.idNumber })).body;

describe('filePersonObjection', () => {
  it('files an objection of the person on their penalty, flags the record at once and sets the check deadline after the holiday', async () => {
    at('2026-09-30T10:00:00+08:00');
    const res = await file('alice-pen');
    expect(res.body).toEqual({
      data: {
        filePersonObjection: {
          id: expect.any(String), recordId: 'alice-pen', recordType: 'PersonPenalty', reason: '处罚决定已被行政复议撤销',
          status: 'FILED', sourceDepartment: '湖州市市场监督管理局', filedAt: '2026-09-30T02:00:00.000Z',
          // 1 working day after Wednesday 30 September: Thursday 8 October, after the National Day holiday.
          checkDueOn: '2026-10-08', routedAt: null, decisionDueOn: null, extended: false, decidedAt: null, decision: null,
          decisionNote: null, overdue: false,
          steps: [{ action: 'FILED', at: '2026-09-30T02:00:00.000Z', actorKind: 'PERSON', note: '处罚决定已被行政复议撤销' }],
        },
      },
    });
    const bank = await records(asBank(), alice);
    expect((bank.data?.person as { penalties: unknown[] }).penalties).toContainEqual({ id: 'alice-pen', underObjection: true, withdrawn: false });
  });

  it('refuses a second open objection on the same record with OBJECTION_OPEN', async () => {
    const res = await file('alice-pen');
    expect(res.body.data).toEqual({ filePersonObjection: null });
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'OBJECTION_OPEN' });
  });

  it('answers FORBIDDEN alike for another person\'s record and for a record that does not exist', async () => {
    const other = await file('bob-pen');
    const missing = await file('no-such-record');
    expect(other.body).toEqual({ data: { filePersonObjection: null }, errors: [expect.objectContaining({ path: ['filePersonObjection'], extensions: { code: 'FORBIDDEN' } })] });
    expect(missing.body).toEqual(other.body);
    expect((await records(asBank(), bob)).data).toEqual({
      person: {
        penalties: ['bob-pen', 'bob-pen2', 'bob-pen3'].map((id) => ({ id, underObjection: false, withdrawn: false })),
        judgmentDebtor: { listed: true, cases: [{ id: 'bob-jd', underObjection: false, withdrawn: false }] },
      },
    });
  });

  it('refuses anyone but a signed-in person with FORBIDDEN, leaving the record unflagged', async () => {
    for (const who of [as(anonymous), asBank(), asOperator(), as(enterprise), as(institution('gov', 'GOVERNMENT', ['person:penalties']))]) {
      const res = await file('alice-pen2', who);
      expect(res.body.data).toEqual({ filePersonObjection: null });
      expect(errorCodes(res)).toEqual([['filePersonObjection', 'FORBIDDEN']]);
    }
    const bank = await records(asBank(), alice);
    expect((bank.data?.person as { penalties: unknown[] }).penalties).toContainEqual({ id: 'alice-pen2', underObjection: false, withdrawn: false });
  });

  it('refuses a blank reason with REASON_REQUIRED', async () => {
    const res = await gql(server.url, asAlice(), FILE, { r: 'alice-pen2', why: '   ' });
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });
  });

  it('refuses an unsigned request with 401 UNAUTHENTICATED', async () => {
    const res = await gql(server.url, null, FILE, { r: 'alice-pen2', why: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('routing, extension and an upheld decision', () => {
  let filed: Objection;

  beforeAll(async () => {
    const mine = (await gql(server.url, asAlice(), OBJECTIONS, { n: alice.idNumber })).body.data?.person as { objections: Objection[] };
    filed = mine.objections.find((o) => o.recordId === 'alice-pen')!;
  });

  it('lists open objections to operators, overdue once the check deadline has passed, and to nobody else', async () => {
    at('2026-10-08T18:00:00+08:00');
    expect((await gql(server.url, asOperator(), OPEN)).body).toEqual({
      data: { openPersonObjections: [{ id: filed.id, status: 'FILED', dueOn: '2026-10-08', overdue: false }] },
    });
    at('2026-10-09T09:00:00+08:00');
    expect((await gql(server.url, asOperator(), OPEN)).body).toEqual({
      data: { openPersonObjections: [{ id: filed.id, status: 'FILED', dueOn: '2026-10-08', overdue: true }] },
    });
    const refused = await gql(server.url, asAlice(), OPEN);
    expect(refused.body.data).toEqual({ openPersonObjections: null });
    expect(errorCodes(refused)).toEqual([['openPersonObjections', 'FORBIDDEN']]);
  });

  it('refuses a decision before routing with INVALID_STATE, routing by the person with FORBIDDEN and an unknown id with NOT_FOUND', async () => {
    const early = await gql(server.url, asOperator(), DECIDE, { id: filed.id, d: 'UPHELD' });
    expect(early.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_STATE', status: 'FILED' });
    expect(errorCodes(await gql(server.url, asAlice(), ROUTE, { id: filed.id }))).toEqual([['routePersonObjection', 'FORBIDDEN']]);
    expect(errorCodes(await gql(server.url, asOperator(), ROUTE, { id: 'nope' }))).toEqual([['routePersonObjection', 'NOT_FOUND']]);
  });

  it('routes the case with a decision deadline of 2 working days, a make-up Saturday counting', async () => {
    at('2026-10-08T10:00:00+08:00');
    const routed = objectionOf(await gql(server.url, asOperator(), ROUTE, { id: filed.id }), 'routePersonObjection');
    expect(routed).toMatchObject({ status: 'ROUTED', routedAt: '2026-10-08T02:00:00.000Z', decisionDueOn: '2026-10-10', extended: false });
    expect(routed.steps.map((s) => [s.action, s.actorKind, s.note])).toEqual([['FILED', 'PERSON', '处罚决定已被行政复议撤销'], ['ROUTED', 'OPERATOR', '转交数据提供单位']]);
  });

  it('extends the decision deadline once by 3 working days, then refuses with ALREADY_EXTENDED', async () => {
    at('2026-10-09T10:00:00+08:00');
    const extended = objectionOf(await gql(server.url, asOperator(), EXTEND, { id: filed.id }), 'extendPersonObjection');
    expect(extended).toMatchObject({ status: 'ROUTED', extended: true, decisionDueOn: '2026-10-14' });
    const again = await gql(server.url, asOperator(), EXTEND, { id: filed.id });
    expect(again.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'ALREADY_EXTENDED' });
  });

  it('upholds: the record is withdrawn from the consented bank but shown to the person, marked, with every step kept', async () => {
    at('2026-10-12T15:00:00+08:00');
    const decided = objectionOf(await gql(server.url, asOperator(), DECIDE, { id: filed.id, d: 'UPHELD' }), 'decidePersonObjection');
    expect(decided).toEqual({
      ...filed, status: 'UPHELD', routedAt: '2026-10-08T02:00:00.000Z', decisionDueOn: '2026-10-14', extended: true,
      decidedAt: '2026-10-12T07:00:00.000Z', decision: 'UPHELD', decisionNote: '经核查', overdue: false,
      steps: [
        { action: 'FILED', at: '2026-09-30T02:00:00.000Z', actorKind: 'PERSON', note: '处罚决定已被行政复议撤销' },
        { action: 'ROUTED', at: '2026-10-08T02:00:00.000Z', actorKind: 'OPERATOR', note: '转交数据提供单位' },
        { action: 'EXTENDED', at: '2026-10-09T02:00:00.000Z', actorKind: 'OPERATOR', note: null },
        { action: 'UPHELD', at: '2026-10-12T07:00:00.000Z', actorKind: 'OPERATOR', note: '经核查' },
      ],
    });

    const bank = (await records(asBank(), alice)).data?.person as { penalties: { id: string }[] };
    expect(bank.penalties.map((p) => p.id)).toEqual(['alice-pen2', 'alice-pen3']);
    const self = (await records(asAlice(), alice)).data?.person as { penalties: unknown[] };
    expect(self.penalties).toContainEqual({ id: 'alice-pen', underObjection: false, withdrawn: true });
    expect((await gql(server.url, asAlice(), OBJECTIONS, { n: alice.idNumber })).body).toEqual({ data: { person: { objections: [decided] } } });
    expect((await gql(server.url, asOperator(), OPEN)).body).toEqual({ data: { openPersonObjections: [] } });
  });

  it('refuses an objection on the withdrawn record with RECORD_WITHDRAWN, and a second decision with INVALID_STATE', async () => {
    expect((await file('alice-pen')).body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'RECORD_WITHDRAWN' });
    const again = await gql(server.url, asOperator(), DECIDE, { id: filed.id, d: 'REJECTED' });
    expect(again.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_STATE', status: 'UPHELD' });
  });
});

describe('judgment-debtor cases', () => {
  async function fileRouteDecide(who: ReturnType<typeof caller>, recordId: string, decision: 'UPHELD' | 'REJECTED'): Promise<Objection> {
    at('2026-10-12T09:00:00+08:00');
    const filed = objectionOf(await file(recordId, who), 'filePersonObjection');
    expect(filed).toMatchObject({ recordType: 'JudgmentDebtorCase', sourceDepartment: '湖州市中级人民法院', checkDueOn: '2026-10-13' });
    await gql(server.url, asOperator(), ROUTE, { id: filed.id });
    return objectionOf(await gql(server.url, asOperator(), DECIDE, { id: filed.id, d: decision }), 'decidePersonObjection');
  }

  it('rejects: the case stands, still listing the person, no longer under objection, every step kept', async () => {
    const decided = await fileRouteDecide(asAlice(), 'alice-jd', 'REJECTED');
    expect(decided).toMatchObject({ status: 'REJECTED', decision: 'REJECTED' });
    expect(decided.steps.map((s) => s.action)).toEqual(['FILED', 'ROUTED', 'REJECTED']);
    expect(((await records(asBank(), alice)).data?.person as { judgmentDebtor: unknown }).judgmentDebtor).toEqual({
      listed: true, cases: [{ id: 'alice-jd', underObjection: false, withdrawn: false }],
    });
  });

  it('upholds: the case no longer lists the person for the bank, and the person sees it withdrawn', async () => {
    await fileRouteDecide(asBob(), 'bob-jd', 'UPHELD');
    expect(((await records(asBank(), bob)).data?.person as { judgmentDebtor: unknown }).judgmentDebtor).toEqual({ listed: false, cases: [] });
    expect(((await records(asBob(), bob)).data?.person as { judgmentDebtor: unknown }).judgmentDebtor).toEqual({
      listed: false, cases: [{ id: 'bob-jd', underObjection: false, withdrawn: true }],
    });
  });
});

describe('Person.objections', () => {
  it('is the person\'s own: FORBIDDEN to a consented bank and to another person', async () => {
    const bank = await gql(server.url, asBank(), OBJECTIONS, { n: alice.idNumber });
    expect(bank.body.data).toEqual({ person: { objections: null } });
    expect(errorCodes(bank)).toEqual([['person.objections', 'FORBIDDEN']]);
    const other = await gql(server.url, asBob(), OBJECTIONS, { n: alice.idNumber });
    expect(other.body.data).toEqual({ person: null });
    expect(errorCodes(other)).toEqual([['person', 'FORBIDDEN']]);
  });

  it('loads the steps of every objection with one statement', async () => {
    at('2026-10-12T09:00:00+08:00');
    await file('alice-pen2');
    server.resetStatements();
    const res = await gql(server.url, asAlice(), 'query($n: String!) { person(idNumber: $n) { objections { recordId steps { action } } } }', { n: alice.idNumber });
    const objections = (res.body.data?.person as { objections: { steps: unknown[] }[] }).objections;
    expect(objections).toHaveLength(3);
    expect(server.statements.filter((s) => /[`"]PersonObjectionStep[`"]/.test(s))).toHaveLength(1);
    expect(server.statements.filter((s) => /[`"]PersonObjection[`"]/.test(s))).toHaveLength(1);
  });
});
