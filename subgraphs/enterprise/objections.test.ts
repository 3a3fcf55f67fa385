import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { insertArchive } from './db/index.ts';
import {
  anonymous, archiveRows, enterpriseCaller, enterpriseRow, institution, mergeArchives, movableClock, onlyError, operator,
  startTestSubgraph, uscc, type GraphQLBody, type TestSubgraph,
} from './test-support.ts';

const SELF = uscc(1);
const OTHER = uscc(2);
const self = enterpriseCaller(SELF);
/** Wednesday 30 September 2026, the day before the National Day holiday (1–7 October). */
const clock = movableClock('2026-09-30T10:00:00+08:00');

const STEP = 'action at actorKind actorId note corrections { field from to }';
const OBJ = `id uscc recordId recordType reason status sourceDepartment filedAt checkDueOn routedAt decisionDueOn
  extended decidedAt decision decisionNote overdue steps { ${STEP} }`;
const FILE = `mutation($r: ID!, $why: String!) { fileObjection(recordId: $r, reason: $why) { ${OBJ} } }`;
const ROUTE = `mutation($id: ID!) { routeObjection(id: $id, note: "转交数据提供单位") { ${OBJ} } }`;
const EXTEND = `mutation($id: ID!) { extendObjection(id: $id) { ${OBJ} } }`;
const DECIDE = `mutation($id: ID!, $d: ObjectionDecision!, $c: [RecordCorrectionInput!]) {
  decideObjection(id: $id, decision: $d, note: "经核查", correction: $c) { ${OBJ} } }`;

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph({ now: clock.now });
  const own = archiveRows(SELF, 's');
  const pen = own.penalties[0]!;
  await insertArchive(sg.db, mergeArchives(
    { enterprises: [enterpriseRow(1), enterpriseRow(2)] },
    {
      ...own,
      penalties: [pen, { ...pen, id: 's-pen2' }, { ...pen, id: 's-pen3' }, { ...pen, id: 's-pen4' }, { ...pen, id: 's-pen5' }],
      listEntries: [...own.listEntries, { ...own.listEntries[1]!, id: 's-black2', basisRecordId: 's-pen2', listName: '严重违法失信主体名单' }],
    },
    archiveRows(OTHER, 'o'),
  ));
});
afterAll(() => sg?.stop());

type Objection = Record<string, unknown> & { id: string; steps: Record<string, unknown>[] };
const objectionOf = (body: GraphQLBody, field: string) => (body.data as Record<string, Objection>)[field]!;

async function file(recordId: string, by: Principal = self): Promise<GraphQLBody> {
  return (await sg.query(by, FILE, { r: recordId, why: '处罚决定已被行政复议撤销' })).body;
}

const publicPenalty = async (id: string) => {
  const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { penalties { id underObjection disclosure } } }', { u: SELF });
  return (body.data as { enterprise: { penalties: { id: string }[] } }).enterprise.penalties.find((p) => p.id === id) ?? null;
};

describe('fileObjection', () => {
  let filed: Objection;

  it('files an objection of the subject, flags the record at once and sets the check deadline after the holiday', async () => {
    clock.set('2026-09-30T10:00:00+08:00');
    const body = await file('s-pen');
    expect(body.errors).toBeUndefined();
    filed = objectionOf(body, 'fileObjection');
    expect(filed).toEqual({
      id: expect.any(String), uscc: SELF, recordId: 's-pen', recordType: 'AdministrativePenalty', reason: '处罚决定已被行政复议撤销',
      status: 'FILED', sourceDepartment: '深圳市市场监督管理局', filedAt: '2026-09-30T02:00:00.000Z',
      // 1 working day after Wednesday 30 September: Thursday 8 October, after the National Day holiday.
      checkDueOn: '2026-10-08', routedAt: null, decisionDueOn: null, extended: false, decidedAt: null, decision: null,
      decisionNote: null, overdue: false,
      steps: [{ action: 'FILED', at: '2026-09-30T02:00:00.000Z', actorKind: 'ENTERPRISE', actorId: SELF, note: '处罚决定已被行政复议撤销', corrections: [] }],
    });
    expect(await publicPenalty('s-pen')).toEqual({ id: 's-pen', underObjection: true, disclosure: 'PUBLISHED' });
  });

  it('refuses a second open objection on the same record with OBJECTION_OPEN', async () => {
    expect(onlyError(await file('s-pen'))).toMatchObject({ path: ['fileObjection'], code: 'BAD_USER_INPUT', reason: 'OBJECTION_OPEN' });
  });

  it('answers FORBIDDEN alike for another subject\'s record and for a record that does not exist', async () => {
    const other = onlyError(await file('o-pen'));
    const missing = onlyError(await file('no-such-record'));
    expect(other).toEqual({ path: ['fileObjection'], code: 'FORBIDDEN', reason: undefined, message: missing.message, extensions: { code: 'FORBIDDEN' } });
    expect(missing).toEqual(other);
  });

  it('refuses anyone but an enterprise with FORBIDDEN, leaving the record unflagged', async () => {
    for (const by of [anonymous, operator, institution('GOVERNMENT'), { kind: 'PERSON', personId: 'p-1' } as Principal]) {
      const body = await file('s-pen3', by);
      expect(body.data).toEqual({ fileObjection: null });
      expect(onlyError(body)).toMatchObject({ path: ['fileObjection'], code: 'FORBIDDEN' });
    }
    expect(await publicPenalty('s-pen3')).toEqual({ id: 's-pen3', underObjection: false, disclosure: 'PUBLISHED' });
  });

  it('refuses a blank reason with REASON_REQUIRED', async () => {
    const { body } = await sg.query(self, FILE, { r: 's-pen3', why: '   ' });
    expect(onlyError(body)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });
  });

  describe('routing, extension and decision', () => {
    it('lists the case as overdue once its check deadline has passed, to operators only', async () => {
      clock.set('2026-10-08T18:00:00+08:00');
      expect((await sg.query(operator, '{ overdueObjections { id } }')).body).toEqual({ data: { overdueObjections: [] } });
      clock.set('2026-10-09T09:00:00+08:00');
      expect((await sg.query(operator, '{ overdueObjections { id status checkDueOn overdue } }')).body).toEqual({
        data: { overdueObjections: [{ id: filed.id, status: 'FILED', checkDueOn: '2026-10-08', overdue: true }] },
      });
      const refused = await sg.query(self, '{ overdueObjections { id } }');
      expect(refused.body.data).toEqual({ overdueObjections: null });
      expect(onlyError(refused.body)).toMatchObject({ path: ['overdueObjections'], code: 'FORBIDDEN' });
    });

    it('refuses a decision before routing with INVALID_STATE', async () => {
      const { body } = await sg.query(operator, DECIDE, { id: filed.id, d: 'REJECTED' });
      expect(onlyError(body)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_STATE', extensions: { status: 'FILED' } });
    });

    it('refuses routing by the enterprise with FORBIDDEN and an unknown id with NOT_FOUND', async () => {
      expect(onlyError((await sg.query(self, ROUTE, { id: filed.id })).body)).toMatchObject({ code: 'FORBIDDEN' });
      expect(onlyError((await sg.query(operator, ROUTE, { id: 'nope' })).body)).toMatchObject({ path: ['routeObjection'], code: 'NOT_FOUND' });
    });

    it('routes to the source department with a decision deadline of 2 working days (a make-up Saturday counts)', async () => {
      const { body } = await sg.query(operator, ROUTE, { id: filed.id });
      expect(body.errors).toBeUndefined();
      const routed = objectionOf(body, 'routeObjection');
      expect(routed).toMatchObject({
        status: 'ROUTED', routedAt: '2026-10-09T01:00:00.000Z', decisionDueOn: '2026-10-12', overdue: false,
        steps: [{ action: 'FILED' }, { action: 'ROUTED', actorKind: 'OPERATOR', actorId: 'op-1', note: '转交数据提供单位', corrections: [] }],
      });
      expect(onlyError((await sg.query(operator, ROUTE, { id: filed.id })).body)).toMatchObject({ reason: 'INVALID_STATE', extensions: { status: 'ROUTED' } });
    });

    it('extends the decision deadline by 3 working days once', async () => {
      const { body } = await sg.query(operator, EXTEND, { id: filed.id });
      expect(objectionOf(body, 'extendObjection')).toMatchObject({
        extended: true, decisionDueOn: '2026-10-15', steps: [{ action: 'FILED' }, { action: 'ROUTED' }, { action: 'EXTENDED', actorId: 'op-1' }],
      });
      expect(onlyError((await sg.query(operator, EXTEND, { id: filed.id })).body)).toMatchObject({ reason: 'ALREADY_EXTENDED' });
    });

    it('upheld without corrections: withdraws the record, hides it from the public and keeps every step', async () => {
      clock.set('2026-10-12T11:00:00+08:00');
      const { body } = await sg.query(operator, DECIDE, { id: filed.id, d: 'UPHELD' });
      expect(body.errors).toBeUndefined();
      expect(objectionOf(body, 'decideObjection')).toMatchObject({
        status: 'UPHELD', decision: 'UPHELD', decisionNote: '经核查', decidedAt: '2026-10-12T03:00:00.000Z', overdue: false,
        steps: [{ action: 'FILED' }, { action: 'ROUTED' }, { action: 'EXTENDED' }, { action: 'UPHELD', actorKind: 'OPERATOR', note: '经核查' }],
      });
      expect(await publicPenalty('s-pen')).toBeNull();
      const gov = await sg.query(institution('GOVERNMENT'), 'query($u: ID!) { enterprise(uscc: $u) { penalties { id disclosure underObjection } } }', { u: SELF });
      expect((gov.body.data as { enterprise: { penalties: unknown[] } }).enterprise.penalties).toContainEqual({ id: 's-pen', disclosure: 'WITHDRAWN', underObjection: false });
      expect(onlyError((await sg.query(operator, DECIDE, { id: filed.id, d: 'REJECTED' })).body)).toMatchObject({ reason: 'INVALID_STATE' });
    });

    it('refuses an objection against a withdrawn record with RECORD_WITHDRAWN', async () => {
      expect(onlyError(await file('s-pen'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'RECORD_WITHDRAWN' });
    });
  });
});

describe('other decisions', () => {
  async function routed(recordId: string): Promise<string> {
    const id = objectionOf(await file(recordId), 'fileObjection').id;
    expect((await sg.query(operator, ROUTE, { id })).body.errors).toBeUndefined();
    return id;
  }

  it('rejected: the record stands and is no longer under objection', async () => {
    clock.set('2026-11-02T10:00:00+08:00');
    const id = await routed('s-pen3');
    expect(await publicPenalty('s-pen3')).toEqual({ id: 's-pen3', underObjection: true, disclosure: 'PUBLISHED' });
    const { body } = await sg.query(operator, DECIDE, { id, d: 'REJECTED' });
    expect(objectionOf(body, 'decideObjection')).toMatchObject({ status: 'REJECTED', decision: 'REJECTED' });
    expect(await publicPenalty('s-pen3')).toEqual({ id: 's-pen3', underObjection: false, disclosure: 'PUBLISHED' });
  });

  it('upheld with corrections: corrects the record and keeps what changed in the step', async () => {
    clock.set('2026-11-02T10:05:00+08:00');
    const id = await routed('s-pen4');
    const bad = async (c: unknown[]) => onlyError((await sg.query(operator, DECIDE, { id, d: 'UPHELD', c })).body);
    expect(await bad([{ field: 'uscc', value: OTHER }])).toMatchObject({ reason: 'CORRECTION_FIELD' });
    expect(await bad([{ field: 'amount', value: 'lots' }])).toMatchObject({ reason: 'CORRECTION_VALUE' });
    expect(await bad([{ field: 'severity', value: 'HUGE' }])).toMatchObject({ reason: 'CORRECTION_VALUE' });
    expect(await bad([{ field: 'amount', value: '1' }, { field: 'amount', value: '2' }])).toMatchObject({ reason: 'CORRECTION_FIELD' });
    expect(onlyError((await sg.query(operator, DECIDE, { id, d: 'REJECTED', c: [{ field: 'amount', value: '1' }] })).body))
      .toMatchObject({ reason: 'CORRECTION_NOT_ALLOWED' });

    const { body } = await sg.query(operator, DECIDE, { id, d: 'UPHELD', c: [{ field: 'amount', value: '2000' }, { field: 'severity', value: 'MINOR' }] });
    expect(body.errors).toBeUndefined();
    expect(objectionOf(body, 'decideObjection').steps.at(-1)).toEqual({
      action: 'UPHELD', at: '2026-11-02T02:05:00.000Z', actorKind: 'OPERATOR', actorId: 'op-1', note: '经核查',
      corrections: [{ field: 'amount', from: '5000', to: '2000' }, { field: 'severity', from: 'GENERAL', to: 'MINOR' }],
    });
    const { body: after } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { penalties { id amount severity underObjection disclosure } } }', { u: SELF });
    expect((after.data as { enterprise: { penalties: unknown[] } }).enterprise.penalties)
      .toContainEqual({ id: 's-pen4', amount: 2000, severity: 'MINOR', underObjection: false, disclosure: 'PUBLISHED' });
  });

  it('withdrawing a penalty ends the black-list entry that rests on it', async () => {
    clock.set('2026-11-02T10:10:00+08:00');
    const id = await routed('s-pen2');
    await sg.query(operator, DECIDE, { id, d: 'UPHELD' });
    const { body } = await sg.query(institution('GOVERNMENT'), 'query($u: ID!) { enterprise(uscc: $u) { blackList { id disclosure removedOn } } }', { u: SELF });
    expect((body.data as { enterprise: { blackList: unknown[] } }).enterprise.blackList)
      .toContainEqual({ id: 's-black2', disclosure: 'WITHDRAWN', removedOn: '2026-11-02' });
  });

  it('refuses to extend a decision deadline that has passed with DEADLINE_PASSED', async () => {
    clock.set('2026-11-02T10:15:00+08:00');
    const id = await routed('s-pen5');
    clock.set('2026-11-05T10:00:00+08:00');
    expect(onlyError((await sg.query(operator, EXTEND, { id })).body)).toMatchObject({ reason: 'DEADLINE_PASSED' });
    const { body } = await sg.query(operator, '{ overdueObjections { recordId status decisionDueOn overdue } }');
    expect(body).toEqual({ data: { overdueObjections: [{ recordId: 's-pen5', status: 'ROUTED', decisionDueOn: '2026-11-04', overdue: true }] } });
  });
});

describe('Enterprise.objections', () => {
  const LIST = 'query($u: ID!) { enterprise(uscc: $u) { objections { recordId status steps { action } } } }';

  it('shows the enterprise its cases, newest first, with their steps; also to government and operators', async () => {
    const { body } = await sg.query(self, LIST, { u: SELF });
    const cases = (body.data as { enterprise: { objections: { recordId: string; steps: unknown[] }[] } }).enterprise.objections;
    expect(cases.map((c) => c.recordId)).toEqual(['s-pen5', 's-pen2', 's-pen4', 's-pen3', 's-pen']);
    expect(cases.at(-1)!.steps).toEqual([{ action: 'FILED' }, { action: 'ROUTED' }, { action: 'EXTENDED' }, { action: 'UPHELD' }]);
    expect((await sg.query(operator, LIST, { u: SELF })).body).toEqual(body);
    expect((await sg.query(institution('GOVERNMENT'), LIST, { u: SELF })).body).toEqual(body);
  });

  it('answers null with FORBIDDEN to the public, a bank and another enterprise', async () => {
    for (const by of [anonymous, institution('FINANCIAL'), enterpriseCaller(OTHER)]) {
      const { body } = await sg.query(by, LIST, { u: SELF });
      expect(body.data).toEqual({ enterprise: { objections: null } });
      expect(onlyError(body)).toMatchObject({ path: ['enterprise', 'objections'], code: 'FORBIDDEN' });
    }
  });

  it('costs one statement for the cases of a page of enterprises and one for all their steps', async () => {
    sg.statements.length = 0;
    const { body } = await sg.query(operator, '{ enterprises(first: 10) { edges { node { objections { id steps { action } } } } } }');
    expect(body.errors).toBeUndefined();
    expect(sg.statements).toHaveLength(3); // the page, the objections, the steps
  });
});
