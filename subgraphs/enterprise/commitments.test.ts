import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertArchive } from './db/index.ts';
import {
  anonymous, enterpriseCaller, enterpriseRow, institution, movableClock, NOW, onlyError, operator, startTestSubgraph, uscc, type GraphQLBody,
  type TestSubgraph,
} from './test-support.ts';

const clock = movableClock(NOW.toISOString());

const SELF = uscc(1);
const OTHER = uscc(2);
const self = enterpriseCaller(SELF);

const FIELDS = 'id catalogItemCode sourceDepartment decisionDate validFrom validTo publicityEndDate disclosure underObjection commitmentType content committedOn status';
const RECORD = `mutation($u: ID!, $t: String!, $c: String!, $to: Date!) {
  recordCommitment(uscc: $u, commitmentType: $t, content: $c, validTo: $to) { ${FIELDS} } }`;
const BREAK = `mutation($id: ID!, $note: String!) { markCommitmentBroken(id: $id, note: $note) {
  commitment { id status }
  record { catalogItemCode sourceDepartment decisionDate publicityEndDate disclosure category title content } } }`;
const CONTENT = '本单位承诺依法诚信经营，如有违反愿承担相应责任。';

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph({ now: clock.now });
  await insertArchive(sg.db, { enterprises: [enterpriseRow(1), enterpriseRow(2)] });
});
afterAll(() => sg?.stop());

const record = async (by = self, over: Record<string, string> = {}) =>
  (await sg.query(by, RECORD, { u: SELF, t: '主动型信用承诺', c: CONTENT, to: '2026-06-30', ...over })).body;
const recorded = (body: GraphQLBody) => (body.data as { recordCommitment: { id: string } }).recordCommitment;

describe('recordCommitment', () => {
  it('records the enterprise\'s own commitment IN_FORCE and public until it runs out', async () => {
    const body = await record();
    expect(body.errors).toBeUndefined();
    expect(recorded(body)).toEqual({
      id: expect.any(String), catalogItemCode: 'FR-CN-001', sourceDepartment: '公共信用信息平台', decisionDate: '2025-06-15',
      validFrom: '2025-06-15', validTo: '2026-06-30', publicityEndDate: '2026-06-30', disclosure: 'PUBLISHED', underObjection: false,
      commitmentType: '主动型信用承诺', content: CONTENT, committedOn: '2025-06-15', status: 'IN_FORCE',
    });
    const { body: pub } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { commitments { id status } } }', { u: SELF });
    expect(pub).toEqual({ data: { enterprise: { commitments: [{ id: recorded(body).id, status: 'IN_FORCE' }] } } });
  });

  it('lets an operator record one for any enterprise', async () => {
    expect((await record(operator)).errors).toBeUndefined();
  });

  it('refuses another enterprise, an institution and the public with FORBIDDEN', async () => {
    for (const by of [enterpriseCaller(OTHER), institution('GOVERNMENT'), anonymous]) {
      const body = await record(by);
      expect(body.data).toEqual({ recordCommitment: null });
      expect(onlyError(body)).toMatchObject({ path: ['recordCommitment'], code: 'FORBIDDEN' });
    }
  });

  it('refuses bad arguments with their reasons', async () => {
    expect(onlyError(await record(operator, { u: 'XYZ' }))).toMatchObject({ reason: 'USCC_FORMAT' });
    expect(onlyError(await record(operator, { u: uscc(3) }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(onlyError(await record(self, { to: '2025-06-14' }))).toMatchObject({ reason: 'VALID_TO_PAST' });
    expect(onlyError(await record(self, { to: '2025-02-30' }))).toMatchObject({ reason: 'DATE_FORMAT' });
    expect(onlyError(await record(self, { c: '' }))).toMatchObject({ reason: 'CONTENT_REQUIRED' });
    expect(onlyError(await record(self, { t: ' ' }))).toMatchObject({ reason: 'COMMITMENT_TYPE_REQUIRED' });
  });
});

describe('markCommitmentBroken', () => {
  it('marks the commitment BROKEN and adds the breach to the archive\'s X, public for 3 years', async () => {
    const id = recorded(await record()).id;
    expect(onlyError((await sg.query(self, BREAK, { id, note: 'x' })).body)).toMatchObject({ code: 'FORBIDDEN' });

    const { body } = await sg.query(operator, BREAK, { id, note: '经核查，该企业存在虚假承诺行为' });
    expect(body).toEqual({ data: { markCommitmentBroken: {
      commitment: { id, status: 'BROKEN' },
      record: {
        catalogItemCode: 'FR-QT-002', sourceDepartment: '公共信用信息平台', decisionDate: '2025-06-15', publicityEndDate: '2028-06-15',
        disclosure: 'PUBLISHED', category: '违反信用承诺', title: '违反信用承诺：主动型信用承诺',
        content: `经核查，该企业存在虚假承诺行为（承诺于2025-06-15：${CONTENT}）`,
      },
    } } });
    const { body: pub } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { otherRecords { category } rating { score indicators { code } } } }', { u: SELF });
    expect(pub).toEqual({ data: { enterprise: { otherRecords: [{ category: '违反信用承诺' }], rating: { score: 57, indicators: [{ code: 'COMMITMENT_BROKEN' }] } } } });
  });

  it('refuses a commitment no longer in force with INVALID_STATE and an unknown one with NOT_FOUND', async () => {
    const id = recorded(await record()).id;
    await sg.query(operator, BREAK, { id, note: '违反承诺' });
    expect(onlyError((await sg.query(operator, BREAK, { id, note: '再次' })).body)).toMatchObject({ reason: 'INVALID_STATE', extensions: { status: 'BROKEN' } });
    expect(onlyError((await sg.query(operator, BREAK, { id: 'nope', note: 'x' })).body)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

const FULFIL = `mutation($id: ID!, $note: String!) { markCommitmentFulfilled(id: $id, note: $note) { id status kind disclosure validTo } }`;
const PUBLIC = 'query($u: ID!) { enterprise(uscc: $u) { commitments { id status } } }';
const publicIds = async () =>
  ((await sg.query(anonymous, PUBLIC, { u: SELF })).body.data as { enterprise: { commitments: { id: string }[] } }).enterprise.commitments.map((c) => c.id);

describe('commitment kinds (Ningbo Jiangbei) and markCommitmentFulfilled (issue 16)', () => {
  it('records a kind by its code under its name, shows the kind, and refuses a type that is no kind', async () => {
    const { body } = await sg.query(self, RECORD, { u: SELF, t: 'TOLERANCE', c: CONTENT, to: '2026-06-30' });
    expect((body.data as { recordCommitment: Record<string, unknown> }).recordCommitment).toMatchObject({ commitmentType: '容缺受理型信用承诺' });
    const kind = await sg.query(self, `query($u: ID!) { enterprise(uscc: $u) { commitments { commitmentType kind } } }`, { u: SELF });
    expect((kind.body.data as { enterprise: { commitments: unknown[] } }).enterprise.commitments).toContainEqual({ commitmentType: '容缺受理型信用承诺', kind: 'TOLERANCE' });
    expect(onlyError(await record(self, { t: '随便写的承诺' }))).toMatchObject({ reason: 'COMMITMENT_TYPE' });
  });

  it('marks a kept commitment FULFILLED, logged in the change log; it stays published to its last day and not after', async () => {
    clock.set(NOW.toISOString());
    const id = recorded(await record(self, { t: 'APPROVAL_SUBSTITUTE', to: '2025-09-30' })).id;
    expect(onlyError((await sg.query(self, FULFIL, { id, note: '已按期提交材料' })).body)).toMatchObject({ code: 'FORBIDDEN' });
    const { body } = await sg.query(operator, FULFIL, { id, note: '已按期提交全部材料，承诺履行完毕' });
    expect(body).toEqual({ data: { markCommitmentFulfilled: { id, status: 'FULFILLED', kind: 'APPROVAL_SUBSTITUTE', disclosure: 'PUBLISHED', validTo: '2025-09-30' } } });
    const events = await sg.db.prisma.changeEvent.findMany({ where: { recordId: id }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['RECORD_ADDED', 'COMMITMENT_FULFILLED']);
    expect(onlyError((await sg.query(operator, FULFIL, { id, note: '再次' })).body)).toMatchObject({ reason: 'INVALID_STATE', extensions: { status: 'FULFILLED' } });
    expect(onlyError((await sg.query(operator, FULFIL, { id: 'nope', note: 'x' })).body)).toMatchObject({ code: 'NOT_FOUND' });

    clock.set('2025-09-30T12:00:00+08:00');
    expect(await publicIds()).toContain(id);
    clock.set('2025-10-01T00:30:00+08:00');
    expect(await publicIds()).not.toContain(id);
    clock.set(NOW.toISOString());
  });

  it('logs a broken commitment and its breach record in the change log', async () => {
    const id = recorded(await record()).id;
    await sg.query(operator, BREAK, { id, note: '违反承诺' });
    const events = await sg.db.prisma.changeEvent.findMany({ where: { source: 'COMMITMENT', subject: SELF }, orderBy: { seq: 'desc' }, take: 2 });
    expect(events.map((e) => [e.type, e.recordType]).reverse()).toEqual([['COMMITMENT_BROKEN', 'CreditCommitment'], ['RECORD_ADDED', 'CreditRecord']]);
  });
});
