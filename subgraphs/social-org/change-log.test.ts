/**
 * The social-org subgraph's change log (issue 13: every accepted change in an outbox of the owning
 * database): a collected penalty accepted, corrected and withdrawn is logged in the transaction that
 * writes it, with its item, department and version; a replay or a rejected record logs nothing; and
 * GET /changes serves the log to the platform's own services only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALLER_HEADER, signCaller, type Caller } from '../../lib/caller.ts';
import { changesTarget, serviceCaller, type ChangesPage } from '../../lib/change-feed.ts';
import { collectionPeer, type CollectionPeer } from '../../lib/collection/forward.ts';
import { makeUscc } from '../../lib/identifiers/uscc.ts';
import { CALLER_SECRET, startTestSubgraph, type TestSubgraph } from './test-support.ts';

const NOW = new Date('2026-12-07T02:00:00Z');
const ITEM = 'SHZZ-CF-001';
const ORG = makeUscc({ authority: '5', orgType: '1', regionCode: '330500', orgCodeBody: 'MJ100001' });
const OPERATOR: Caller = { principal: { kind: 'OPERATOR', operatorId: 'op-1' }, purpose: null, requestId: 'r-1' };
const BANK: Caller = { principal: { kind: 'INSTITUTION', institutionId: 'inst-bank', institutionKind: 'FINANCIAL', institutionName: 'A bank', scopes: [] }, purpose: null, requestId: 'r-2' };

let sg: TestSubgraph;
let peer: CollectionPeer;

const penalty = (recordId: string, violation: string, uscc = ORG) => ({
  recordId, uscc, documentNumber: `湖民罚〔2026〕${recordId}号`, decisionDate: '2026-10-05', violation, penaltyType: '警告',
});
const submit = (records: unknown[]) => peer.submit({ item: ITEM, records, department: 'civil', receiptId: crypto.randomUUID() }, OPERATOR);

async function changes(after: number, as: Caller = serviceCaller('test')): Promise<{ status: number; body: ChangesPage }> {
  const target = changesTarget({ after, limit: 100, waitMs: 0 });
  const res = await fetch(sg.url.replace(/\/graphql$/, '') + target, { headers: { [CALLER_HEADER]: signCaller(as, target, CALLER_SECRET) } });
  return { status: res.status, body: (await res.json()) as ChangesPage };
}

beforeAll(async () => {
  sg = await startTestSubgraph({ now: () => NOW });
  peer = collectionPeer('social-org', sg.url.replace(/\/graphql$/, ''), CALLER_SECRET);
  await sg.db.prisma.socialOrganization.create({
    data: { uscc: ORG, name: '湖州市测试协会', orgType: '社会团体', registrationAuthority: '湖州市民政局', registeredOn: '2015-04-20', regionCode: '330500', businessScope: '行业交流' },
  });
});
afterAll(async () => { await sg?.close(); });

describe('the social-org change log', () => {
  it('logs a collected penalty accepted, corrected and withdrawn, with its item, department and version; a replay and a rejected record log nothing', async () => {
    const first = await submit([penalty('P-1', '未按规定年检'), penalty('P-BAD', '未按规定年检', '5133050000000000XX')]);
    const id = first.results[0]!.archiveRecordId!;
    await submit([penalty('P-1', '未按规定年检')]);
    await submit([penalty('P-1', '未按规定报送年度工作报告')]);
    await peer.withdraw({ item: ITEM, recordId: 'P-1', reason: '复议撤销', department: 'civil', receiptId: crypto.randomUUID() }, OPERATOR);

    const { status, body } = await changes(0);
    expect(status).toBe(200);
    expect(body.events.map((e) => [e.seq, e.type, e.subject, e.category, e.recordType, e.recordId, e.version])).toEqual([
      [1, 'RECORD_ADDED', ORG, 'PENALTIES', 'SocialOrgPenalty', id, 1],
      [2, 'RECORD_UPDATED', ORG, 'PENALTIES', 'SocialOrgPenalty', id, 2],
      [3, 'RECORD_WITHDRAWN', ORG, 'PENALTIES', 'SocialOrgPenalty', id, 3],
    ]);
    expect(body.events[0]).toMatchObject({ subjectKind: 'SOCIAL_ORGANIZATION', itemCode: ITEM, departmentCode: 'civil', source: 'COLLECTION', at: NOW.toISOString() });
    expect(body.last).toBe(3);
    expect((await changes(3)).body).toEqual({ events: [], last: 3 });
  });

  it('serves GET /changes to the platform\'s services only: 403 FORBIDDEN for an institution, 401 unsigned', async () => {
    const forbidden = await changes(0, BANK);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    const unsigned = await fetch(sg.url.replace(/\/graphql$/, '') + changesTarget({ after: 0, limit: 10, waitMs: 0 }));
    expect(unsigned.status).toBe(401);
  });
});
