/**
 * The credit workflows write to the change log (outbox) in their own transactions: an objection
 * flagged and decided (the withdrawn record and the black-list entry resting on it), a repair
 * granted — in sequence order, as consumers read it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertArchive } from './db/index.ts';
import { findChangeEvents } from './db/change-log.ts';
import { common, enterpriseCaller, enterpriseRow, operator, sourceDepartment, startTestSubgraph, uscc, type TestSubgraph } from './test-support.ts';

const A = uscc(1);
const self = enterpriseCaller(A);
let sg: TestSubgraph;

const penalty = (id: string) => ({
  ...common(id, A), violation: '未按规定公示年度报告', legalBasis: '《企业信息公示暂行条例》第十条', penaltyType: '罚款',
  amount: 5000, publicityPeriodMonths: 36, severity: 'GENERAL', domain: 'GENERAL',
});

beforeAll(async () => {
  sg = await startTestSubgraph();
  await insertArchive(sg.db, {
    enterprises: [enterpriseRow(1)],
    penalties: [penalty('cl-pen1'), penalty('cl-pen2')],
    listEntries: [{
      ...common('cl-black', A), listType: 'BLACK', listName: '严重违法失信主体名单', reason: '因 cl-pen1 列入', listingAuthority: '深圳市市场监督管理局',
      listedOn: '2024-05-02', removedOn: null, basisRecordId: 'cl-pen1',
    }],
  });
});
afterAll(() => sg?.stop());

type Body = { data?: Record<string, any> | null; errors?: unknown[] };
const run = async (caller: Parameters<TestSubgraph['query']>[0], q: string, v: Record<string, unknown>) => (await sg.query(caller, q, v)).body as Body;
const events = async (after: number) => (await findChangeEvents(sg.db, after, 100)).map((e) => [e.type, e.recordId, e.category, e.source]);

describe('the change log of the workflows', () => {
  it('says an objection was flagged, then decided, the record withdrawn and the entry resting on it removed', async () => {
    const start = (await findChangeEvents(sg.db, 0, 1000)).at(-1)?.seq ?? 0;
    const filed = await run(self, 'mutation { fileObjection(recordId: "cl-pen1", reason: "处罚决定已被撤销") { id } }', {});
    const id = filed.data!.fileObjection.id;
    await run(operator, 'mutation($id: ID!) { routeObjection(id: $id) { id } }', { id });
    const decided = await run(operator, 'mutation($id: ID!) { decideObjection(id: $id, decision: UPHELD, note: "撤回") { status } }', { id });
    expect(decided.data!.decideObjection.status).toBe('UPHELD');
    expect(await events(start)).toEqual([
      ['OBJECTION_FLAGGED', 'cl-pen1', 'PENALTIES', 'OBJECTION'],
      ['OBJECTION_DECIDED', 'cl-pen1', 'PENALTIES', 'OBJECTION'],
      ['RECORD_WITHDRAWN', 'cl-pen1', 'PENALTIES', 'OBJECTION'],
      ['LIST_ENTRY_REMOVED', 'cl-black', 'BLACK_LIST', 'OBJECTION'],
    ]);
  });

  it('says a repair was granted and the record repaired', async () => {
    const start = (await findChangeEvents(sg.db, 0, 1000)).at(-1)!.seq;
    const applied = await run(self, 'mutation { applyForRepair(recordId: "cl-pen2", commitment: "已整改", evidence: ["整改报告"]) { id } }', {});
    // Routed to the department that sent the record (谁处罚、谁修复), which decides.
    await run(sourceDepartment(), 'mutation($id: ID!) { decideRepair(id: $id, approve: true, note: "同意") { status } }', { id: applied.data!.applyForRepair.id });
    const logged = await events(start);
    expect(logged.slice(0, 2)).toEqual([
      ['REPAIR_GRANTED', 'cl-pen2', 'PENALTIES', 'REPAIR'],
      ['RECORD_REPAIRED', 'cl-pen2', 'PENALTIES', 'REPAIR'],
    ]);
    // The public commitment made with the application enters the archive, and the log.
    expect(logged.slice(2)).toEqual([['RECORD_ADDED', expect.any(String), 'COMMITMENTS', 'REPAIR']]);
  });
});
