/**
 * The registry loop the person and social-org subgraphs share (./registry.ts), over an in-memory
 * store: what each record's outcome is, what the archive is asked to write, and what is kept.
 */
import { describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../catalogue/index.ts';
import { submitToRegistry, withdrawFromRegistry, type Archive, type CollectedRow, type ReceiptRow, type RegistryStore, type VersionRow } from './registry.ts';
import type { Sender } from './submission.ts';
import { checkRecord } from './validate.ts';

const item = loadCatalogue().item('SHZZ-CF-001')!;
const sender: Sender = { departmentCode: 'civil', departmentName: '民政局', actorKind: 'OPERATOR', actorId: 'op-1' };
const HELD = '51440300MJL000001X';
const record = (recordId: string, violation: string, uscc = HELD) => ({
  recordId, uscc, documentNumber: `深民罚〔2026〕${recordId}号`, decisionDate: '2026-10-05', violation, penaltyType: '警告',
});

function memory() {
  const rows = new Map<string, CollectedRow>();
  const versions: VersionRow[] = [];
  const receipts = new Map<string, ReceiptRow>();
  const writes: string[] = [];
  const store: RegistryStore<null> = {
    find: async (_tx, dept, code, ids) => [...rows.values()].filter((r) => r.departmentCode === dept && r.itemCode === code && ids.includes(r.sourceRecordId)),
    save: async (_tx, row, _isNew, version) => { rows.set(row.id, { ...row }); versions.push(version); },
    addToReceipt: async (_tx, r) => { receipts.set(r.id, r); },
  };
  const archive: Archive<null> = {
    recordType: 'SocialOrgPenalty',
    resolve: (check) => (check.subject === HELD
      ? { ok: true, subject: check.subject, hashed: check.values, kept: check.values, warnings: [] }
      : { ok: false, reason: 'SUBJECT_NOT_FOUND', field: 'uscc', message: 'not held' }),
    write: async (_tx, w) => { writes.push(`${w.isNew ? 'add' : 'update'} ${w.archiveId} v${w.version}`); },
    withdraw: async (_tx, row, version) => { writes.push(`withdraw ${row.archiveId} v${version}`); },
  };
  const run = <R>(work: (tx: null) => Promise<R>) => work(null);
  let n = 0;
  const call = () => ({ item, sender, receiptId: `receipt-${++n}`, now: new Date('2026-12-07T02:00:00Z') });
  const submit = (records: unknown[]) => submitToRegistry(run, store, archive, call(), records.map((r) => checkRecord(item, r, '2026-12-07')));
  const withdraw = (recordId: string) => withdrawFromRegistry(run, store, archive, { ...call(), recordId, reason: '复议撤销' });
  return { versions, receipts, writes, submit, withdraw };
}

describe('the collection registry', () => {
  it('accepts, then answers UNCHANGED for the same values and UPDATED (the next version, same archive row) for changed ones', async () => {
    const m = memory();
    const first = await m.submit([record('A', '未年检')]);
    expect(first.results[0]).toMatchObject({ outcome: 'ACCEPTED', version: 1 });
    const id = first.results[0]!.archiveRecordId;
    expect((await m.submit([record('A', '未年检')])).results[0]).toMatchObject({ outcome: 'UNCHANGED', version: 1, archiveRecordId: id });
    expect((await m.submit([record('A', '未报送年报')])).results[0]).toMatchObject({ outcome: 'UPDATED', version: 2, archiveRecordId: id });
    expect(m.writes).toEqual([`add ${id} v1`, `update ${id} v2`]);
    expect(m.versions.map((v) => [v.version, v.action, JSON.parse(v.data).violation])).toEqual([[1, 'ACCEPTED', '未年检'], [2, 'UPDATED', '未报送年报']]);
  });

  it('rejects a bad record and one the archive refuses without stopping the good one, and counts each in the receipt', async () => {
    const m = memory();
    const { results, counts } = await m.submit([record('B', 'x', 'bad'), record('C', 'x', '51440300MJL000002X'), record('D', 'x')]);
    expect(results.map((r) => [r.outcome, r.reason, r.field])).toEqual([
      ['REJECTED', 'USCC_FORMAT', 'uscc'], ['REJECTED', 'SUBJECT_NOT_FOUND', 'uscc'], ['ACCEPTED', null, null],
    ]);
    expect(counts).toMatchObject({ submitted: 3, accepted: 1, rejected: 2 });
    expect(m.receipts.get('receipt-1')).toMatchObject({ departmentCode: 'civil', itemCode: item.code, submitted: 3, accepted: 1, rejected: 2 });
  });

  it('withdraws once (again: UNCHANGED), then refuses the record id as RECORD_WITHDRAWN', async () => {
    const m = memory();
    await m.submit([record('E', 'x')]);
    expect((await m.withdraw('E')).result).toMatchObject({ outcome: 'WITHDRAWN', version: 2 });
    expect((await m.withdraw('E')).counts).toMatchObject({ withdrawn: 0, unchanged: 1 });
    expect((await m.submit([record('E', 'x')])).results[0]).toMatchObject({ outcome: 'REJECTED', reason: 'RECORD_WITHDRAWN', field: 'recordId' });
    await expect(m.withdraw('never-sent')).rejects.toThrow();
  });
});
