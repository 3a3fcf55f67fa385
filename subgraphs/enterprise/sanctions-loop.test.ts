/**
 * Joint sanctions as a closed loop (issue 16): persons checked by ID number through the person
 * subgraph (statutory scope, access log, masked answer), social organisations decided on their own
 * lists in the social-org subgraph, a stage and a checkId in every answer, the business system's
 * outcome reported back and listed. The real enterprise, person and social-org subgraphs on port 0.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { makeIdNumber } from '../../lib/identifiers/id-number.ts';
import { maskIdNumber } from '../../lib/identifiers/masking.ts';
import { makeUscc } from '../../lib/identifiers/uscc.ts';
import { startTestSubgraph as startShared, type TestSubgraph as Shared } from '../../tests/support/subgraph.ts';
import type { RunningSubgraph } from '../../lib/subgraph.ts';
import type { Db as PersonDb } from '../person/db/client.ts';
import type { Db as SocialOrgDb } from '../social-org/db/client.ts';
import { startSubgraph as startPerson } from '../person/main.ts';
import { startSubgraph as startSocialOrg } from '../social-org/main.ts';
import { ENCRYPTION_KEY, HMAC_SECRET, INTEGRITY_KEY_FILE, insertPerson, insertRecords, type FixturePerson } from '../person/test-support.ts';
import { insertArchive } from './db/index.ts';
import { enterpriseRow, institution, onlyError, operator, SECRET, startTestSubgraph, uscc, type TestSubgraph } from './test-support.ts';

const govWith = (id: string, scopes: string[]): Principal => ({
  kind: 'INSTITUTION', institutionId: id, institutionKind: 'GOVERNMENT', institutionName: `${id} bureau`, scopes,
});
/** A subsidy office whose statutory scope opens judgment-debtor data. */
const subsidyOffice = govWith('gov-subsidy', ['person:judgment-debtor']);
const otherOffice = govWith('gov-other', ['person:judgment-debtor']);
const noScopeOffice = govWith('gov-noscope', []);

const socialOrg = (n: number) => makeUscc({ authority: '5', orgType: '1', regionCode: '440306', orgCodeBody: String(n).padStart(8, '0') });
const BLACK_ORG = socialOrg(1);
const RED_ORG = socialOrg(2);
const CLEARED_ORG = socialOrg(3);

let sg: TestSubgraph;
let person: Shared<RunningSubgraph<PersonDb>>;
let orgs: Shared<RunningSubgraph<SocialOrgDb>>;
let debtor: FixturePerson;
let clean: FixturePerson;

beforeAll(async () => {
  person = await startShared({
    subgraph: 'person', start: startPerson, secret: SECRET,
    env: { PERSON_ID_HMAC_SECRET: HMAC_SECRET, PERSON_ID_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'), INTEGRITY_KEY_FILE },
  });
  orgs = await startShared({ subgraph: 'social-org', start: startSocialOrg, secret: SECRET });
  sg = await startTestSubgraph({ env: { PERSON_URL: person.url, SOCIAL_ORG_URL: orgs.url } });
  debtor = await insertPerson(person.db, '王债务');
  await insertRecords(person.db, debtor.id, 'jd'); // an active judgment-debtor case since 2024-09-01
  clean = await insertPerson(person.db, '李清白');
  for (const u of [BLACK_ORG, RED_ORG, CLEARED_ORG]) {
    await orgs.db.prisma.socialOrganization.create({ data: {
      uscc: u, name: `社会组织${u.slice(-4)}`, orgType: '社会团体', registrationAuthority: '民政局', registeredOn: '2015-01-01',
      regionCode: '440306', businessScope: '行业服务',
    } });
  }
  const entry = (id: string, u: string, listType: string, listName: string, removedOn: string | null = null) => ({
    id, uscc: u, listType, listName, reason: '依法认定', listingAuthority: '民政局', listedOn: '2024-03-01', removedOn, publicityEndDate: null,
  });
  await orgs.db.prisma.socialOrgListEntry.createMany({ data: [
    entry('so-black', BLACK_ORG, 'BLACK', '社会组织严重违法失信名单'),
    entry('so-red', RED_ORG, 'RED', '5A级社会组织'),
    entry('so-removed', CLEARED_ORG, 'BLACK', '社会组织严重违法失信名单', '2025-01-01'),
  ] });
  await insertArchive(sg.db, { enterprises: [enterpriseRow(1), enterpriseRow(2)] });
}, 120_000);
afterAll(async () => {
  await sg?.stop();
  await person?.close();
  await orgs?.close();
});

const CHECK = `query($s: [ID!]!, $m: String!, $stage: SanctionStage) { checkSanctions(subjects: $s, matterCode: $m, stage: $stage) {
  checkId stage subjectKind subject decision measures { code } listBasis { source id listType listName } } }`;
type Check = { checkId: string; stage: string; subjectKind: string; subject: string; decision: string; measures: { code: string }[]; listBasis: { source: string; id: string }[] };
const check = async (by: Principal, subjects: string[], stage = 'ACCEPTANCE', matter = 'GOV_SUBSIDY') =>
  sg.query(by, CHECK, { s: subjects, m: matter, stage });
const results = (data: unknown) => (data as { checkSanctions: Check[] }).checkSanctions;

const accessLog = (personId: string) => person.db.prisma.accessLogEntry.findMany({ where: { personId } });

describe('checkSanctions on persons (resident ID numbers)', () => {
  it('restricts a dishonest judgment debtor, shows the ID masked, and writes the check to the person\'s access log', async () => {
    const before = (await accessLog(debtor.id)).length;
    const { body } = await check(subsidyOffice, [debtor.idNumber, clean.idNumber, uscc(1)], 'PROCESSING');
    expect(body.errors).toBeUndefined();
    const [d, c, e] = results(body.data);
    expect(d).toMatchObject({
      stage: 'PROCESSING', subjectKind: 'PERSON', subject: maskIdNumber(debtor.idNumber), decision: 'RESTRICTED',
      measures: [{ code: 'R_SUBSIDY' }], listBasis: [{ source: 'PERSON', id: 'jd-jd-1', listType: 'BLACK', listName: '失信被执行人' }],
    });
    expect(c).toMatchObject({ subjectKind: 'PERSON', subject: maskIdNumber(clean.idNumber), decision: 'NONE' });
    expect(e).toMatchObject({ subjectKind: 'ENTERPRISE', subject: uscc(1), decision: 'NONE' });
    expect(new Set([d.checkId, c.checkId, e.checkId]).size).toBe(1);
    expect(JSON.stringify(body)).not.toContain(debtor.idNumber);
    // Every person checked, listed or not, is in their own access log: who, on what basis.
    const logged = await accessLog(debtor.id);
    expect(logged).toHaveLength(before + 1);
    expect(logged.at(-1)).toMatchObject({ institutionId: 'gov-subsidy', basis: 'STATUTORY_SCOPE', categories: 'JUDGMENT_DEBTOR' });
    expect(await accessLog(clean.id)).toEqual([expect.objectContaining({ institutionId: 'gov-subsidy', basis: 'STATUTORY_SCOPE' })]);
  });

  it('refuses persons to a government institution without the statutory scope and to operators (FORBIDDEN, PERSON_SCOPE), logging nobody', async () => {
    const before = (await accessLog(debtor.id)).length;
    for (const by of [noScopeOffice, operator]) {
      const { body } = await check(by, [uscc(1), debtor.idNumber]);
      expect(body.data).toEqual({ checkSanctions: null });
      expect(onlyError(body)).toMatchObject({ code: 'FORBIDDEN', reason: 'PERSON_SCOPE' });
    }
    expect(await accessLog(debtor.id)).toHaveLength(before);
  });

  it('refuses an ID number with a wrong check character, naming its index', async () => {
    const bad = debtor.idNumber.slice(0, 17) + (debtor.idNumber[17] === '1' ? '2' : '1');
    const { body } = await check(subsidyOffice, [uscc(1), bad]);
    expect(onlyError(body)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ID_NUMBER_CHECK_DIGIT', extensions: { index: 1 } });
  });
});

describe('checkSanctions on social organisations (their own lists)', () => {
  it('decides on the organisation\'s own black and red lists; an entry no longer in force counts for nothing', async () => {
    const { body } = await check(subsidyOffice, [BLACK_ORG, RED_ORG, CLEARED_ORG]);
    expect(body.errors).toBeUndefined();
    expect(results(body.data).map((r) => [r.subjectKind, r.decision, r.measures.map((m) => m.code), r.listBasis.map((b) => b.id)])).toEqual([
      ['SOCIAL_ORGANIZATION', 'RESTRICTED', ['R_SUBSIDY'], ['so-black']],
      ['SOCIAL_ORGANIZATION', 'INCENTIVE', ['I_PRIORITY'], ['so-red']],
      ['SOCIAL_ORGANIZATION', 'NONE', [], []],
    ]);
  });
});

describe('the catalogue of matters and measures', () => {
  it('carries the initiating and implementing departments, the legal basis, the subject kinds and the lists of each measure', async () => {
    const { body } = await sg.query(operator, `{ sanctionMatters { code initiatingDepartment implementingDepartment legalBasis
      measures { measure { code kind } subjectKinds lists } } }`);
    const subsidy = (body.data as { sanctionMatters: { code: string }[] }).sanctionMatters.find((m) => m.code === 'GOV_SUBSIDY');
    expect(subsidy).toMatchObject({ initiatingDepartment: 'drc', implementingDepartment: 'finance', legalBasis: expect.stringContaining('发改财金') });
    expect((subsidy as unknown as { measures: unknown[] }).measures).toContainEqual({
      measure: { code: 'R_SUBSIDY', kind: 'RESTRICTION' }, subjectKinds: ['ENTERPRISE', 'SOCIAL_ORGANIZATION', 'PERSON'],
      lists: expect.arrayContaining(['失信被执行人', '社会组织严重违法失信名单']),
    });
  });
});

const REPORT = `mutation($c: ID!, $s: ID!, $a: Boolean!, $m: String, $n: String) {
  reportSanctionOutcome(checkId: $c, subject: $s, applied: $a, measure: $m, note: $n) {
    checkId subjectKind subject decision measures { code } stage outcome outcomeMeasure outcomeNote reportedAt } }`;
const CASES = `query($c: ID, $r: Boolean) { sanctionCases(checkId: $c, reported: $r) { checkId subject decision outcome institutionId } }`;

describe('reportSanctionOutcome and sanctionCases: the feedback', () => {
  let checkId: string;
  beforeAll(async () => {
    const { body } = await check(subsidyOffice, [debtor.idNumber, BLACK_ORG, uscc(2)], 'CONCLUSION');
    checkId = results(body.data)[0].checkId;
  });

  it('records what the business system did with a RESTRICTED person, named by the ID number as asked', async () => {
    const { body } = await sg.query(subsidyOffice, REPORT, { c: checkId, s: debtor.idNumber, a: true, m: 'R_SUBSIDY', n: '不予受理补贴申请' });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ reportSanctionOutcome: {
      checkId, subjectKind: 'PERSON', subject: maskIdNumber(debtor.idNumber), decision: 'RESTRICTED', measures: [{ code: 'R_SUBSIDY' }],
      stage: 'CONCLUSION', outcome: 'APPLIED', outcomeMeasure: 'R_SUBSIDY', outcomeNote: '不予受理补贴申请', reportedAt: expect.any(String),
    } });
  });

  it('lists the check\'s cases (RESTRICTED and INCENTIVE only) with their outcome; reported: false leaves the reported out', async () => {
    const all = await sg.query(subsidyOffice, CASES, { c: checkId });
    expect((all.body.data as { sanctionCases: unknown[] }).sanctionCases).toEqual(expect.arrayContaining([
      { checkId, subject: maskIdNumber(debtor.idNumber), decision: 'RESTRICTED', outcome: 'APPLIED', institutionId: 'gov-subsidy' },
      { checkId, subject: BLACK_ORG, decision: 'RESTRICTED', outcome: null, institutionId: 'gov-subsidy' },
    ]));
    expect((all.body.data as { sanctionCases: unknown[] }).sanctionCases).toHaveLength(2);
    const open = await sg.query(subsidyOffice, CASES, { c: checkId, r: false });
    expect((open.body.data as { sanctionCases: { subject: string }[] }).sanctionCases.map((c) => c.subject)).toEqual([BLACK_ORG]);
  });

  it('shows a government institution only its own checks\' cases, an operator every case', async () => {
    const other = await sg.query(otherOffice, CASES, { c: checkId });
    expect(other.body.data).toEqual({ sanctionCases: [] });
    const op = await sg.query(operator, CASES, { c: checkId });
    expect((op.body.data as { sanctionCases: unknown[] }).sanctionCases).toHaveLength(2);
  });

  it('refuses a report from another institution, on an unknown check, on a NONE subject and with a measure not in the result', async () => {
    const refused = async (by: Principal, vars: Record<string, unknown>) => onlyError((await sg.query(by, REPORT, { a: true, ...vars })).body);
    expect(await refused(otherOffice, { c: checkId, s: BLACK_ORG })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused(subsidyOffice, { c: 'no-such-check', s: BLACK_ORG })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused(subsidyOffice, { c: checkId, s: uscc(2) })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_CASE' });
    expect(await refused(subsidyOffice, { c: checkId, s: BLACK_ORG, m: 'R_LAND' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_MEASURE' });
    expect(await refused(institution('FINANCIAL'), { c: checkId, s: BLACK_ORG })).toMatchObject({ code: 'FORBIDDEN' });
  });
});
