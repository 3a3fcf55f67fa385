/**
 * The person subgraph's change log (issue 14): every change to a person's penalties and
 * judgment-debtor cases is logged in its own transaction, judgment-debtor status moves included,
 * and GET /changes serves the log to the platform's services only, naming persons by id.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALLER_HEADER, signCaller, type Caller } from '../../lib/caller.ts';
import { changesTarget, serviceCaller, type ChangesPage } from '../../lib/change-feed.ts';
import { addJudgmentDebtorCase, addPersonPenalty, endJudgmentDebtorCase } from './record-changes.ts';
import {
  CALLER_SECRET, caller, gql, insertPerson, institution, operator, personPrincipal, startTestSubgraph,
  type FixturePerson, type TestPersonSubgraph,
} from './test-support.ts';

let server: TestPersonSubgraph;
let alice: FixturePerson;
const NOW = new Date('2026-12-07T02:00:00Z');

const jdCase = (id: string, personId: string, removedOn: string | null = null) => ({
  id, personId, caseNumber: `(2026)浙05执${id}号`, court: '湖州市中级人民法院', obligation: 'repay', listedOn: '2026-11-01', removedOn,
});

async function changes(after: number, as: Caller = serviceCaller('test')): Promise<{ status: number; body: ChangesPage }> {
  const target = changesTarget({ after, limit: 100, waitMs: 0 });
  const res = await fetch(server.url.replace(/\/graphql$/, '') + target, { headers: { [CALLER_HEADER]: signCaller(as, target, CALLER_SECRET) } });
  return { status: res.status, body: (await res.json()) as ChangesPage };
}
const summary = (page: ChangesPage) => page.events.map((e) => [e.type, e.subject, e.category, e.recordId]);

beforeAll(async () => {
  server = await startTestSubgraph({ now: () => NOW });
  alice = await insertPerson(server.db, '张三丰');
});
afterAll(async () => { await server?.close(); });

describe('the person change log', () => {
  it('logs a new case with the listing it makes, a second case without one, and the listing ending only with the last case', async () => {
    await addJudgmentDebtorCase(server.db, jdCase('jd1', alice.id), NOW);
    await addJudgmentDebtorCase(server.db, jdCase('jd2', alice.id), NOW);
    await endJudgmentDebtorCase(server.db, 'jd1', '2026-12-01', NOW);
    await endJudgmentDebtorCase(server.db, 'jd2', '2026-12-02', NOW);
    const page = (await changes(0)).body;
    expect(summary(page)).toEqual([
      ['RECORD_ADDED', alice.id, 'JUDGMENT_DEBTOR', 'jd1'],
      ['JUDGMENT_DEBTOR_LISTED', alice.id, 'JUDGMENT_DEBTOR', 'jd1'],
      ['RECORD_ADDED', alice.id, 'JUDGMENT_DEBTOR', 'jd2'],
      ['RECORD_UPDATED', alice.id, 'JUDGMENT_DEBTOR', 'jd1'],
      ['RECORD_UPDATED', alice.id, 'JUDGMENT_DEBTOR', 'jd2'],
      ['JUDGMENT_DEBTOR_REMOVED', alice.id, 'JUDGMENT_DEBTOR', 'jd2'],
    ]);
    expect(page.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(page.events[0]).toMatchObject({ subjectKind: 'NATURAL_PERSON', recordType: 'JudgmentDebtorCase', source: 'COLLECTION', at: NOW.toISOString() });
    expect(JSON.stringify(page)).not.toContain(alice.idNumber);
  });

  it('logs an objection flagged and, upheld, the withdrawal and the listing it ends, in the workflow\'s transactions', async () => {
    await addJudgmentDebtorCase(server.db, jdCase('jd3', alice.id), NOW);
    const last = (await changes(0)).body.last;
    const filed = await gql(server.url, caller(personPrincipal(alice.id)),
      'mutation { filePersonObjection(recordId: "jd3", reason: "已履行") { id } }');
    const id = (filed.body.data!.filePersonObjection as { id: string }).id;
    await gql(server.url, caller(operator), 'mutation($id: ID!) { routePersonObjection(id: $id) { id } }', { id });
    await gql(server.url, caller(operator), 'mutation($id: ID!) { decidePersonObjection(id: $id, decision: UPHELD, note: "核实") { status } }', { id });
    const page = (await changes(last)).body;
    expect(summary(page)).toEqual([
      ['OBJECTION_FLAGGED', alice.id, 'JUDGMENT_DEBTOR', 'jd3'],
      ['OBJECTION_DECIDED', alice.id, 'JUDGMENT_DEBTOR', 'jd3'],
      ['RECORD_WITHDRAWN', alice.id, 'JUDGMENT_DEBTOR', 'jd3'],
      ['JUDGMENT_DEBTOR_REMOVED', alice.id, 'JUDGMENT_DEBTOR', 'jd3'],
    ]);
    expect(page.events[1]!.detail).toEqual({ decision: 'UPHELD' });
  });

  it('logs a new penalty under PENALTIES', async () => {
    const last = (await changes(0)).body.last;
    await addPersonPenalty(server.db, {
      id: 'pen1', personId: alice.id, catalogItemCode: 'P-001', sourceDepartment: '市场监督管理局', documentNumber: null,
      decisionDate: '2026-12-01', violation: 'x', legalBasis: 'y', penaltyType: 'fine', amount: 100, publicityEndDate: null,
    }, NOW);
    expect(summary((await changes(last)).body)).toEqual([['RECORD_ADDED', alice.id, 'PENALTIES', 'pen1']]);
  });

  it('serves GET /changes to the platform\'s services only: unsigned 401, an institution 403', async () => {
    const target = changesTarget({ after: 0, limit: 10, waitMs: 0 });
    const base = server.url.replace(/\/graphql$/, '');
    expect((await fetch(base + target)).status).toBe(401);
    expect((await changes(0, caller(institution('bank', 'FINANCIAL')))).status).toBe(403);
  });
});
