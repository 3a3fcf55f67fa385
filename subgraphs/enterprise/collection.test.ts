/**
 * Collection at the enterprise subgraph: submitting, idempotency and versions, validation at the
 * boundary, withdrawal, who may submit what, and the change log written with every change.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { civil, eco, legacyUscc, penalty, SUBMIT } from './collection/test-support.ts';
import { insertArchive } from './db/index.ts';
import { enterpriseRow, NOW, operator, startTestSubgraph, TODAY, uscc, type TestSubgraph } from './test-support.ts';

const WITHDRAW = `mutation($item: String!, $recordId: String!) {
  withdrawRecord(item: $item, recordId: $recordId, reason: "处罚决定已被撤销") { withdrawn unchanged results { outcome version archiveRecordId } } }`;

const A = uscc(1);
const LEGACY = legacyUscc(2);

/** A response whose data the assertions walk freely. */
type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

let sg: TestSubgraph;
const query = async (caller: Principal, q: string, variables?: Record<string, unknown>): Promise<{ body: Body }> =>
  ({ body: (await sg.query(caller, q, variables)).body as Body });

beforeAll(async () => {
  sg = await startTestSubgraph();
  await insertArchive(sg.db, { enterprises: [enterpriseRow(1), enterpriseRow(2, { uscc: LEGACY, usccCheckDigitValid: false })] });
});
afterAll(() => sg?.stop());

const submit = async (caller: Principal, records: unknown[], item = 'FR-CF-001', department?: string) => {
  const res = await query(caller, SUBMIT, { item, records, department });
  return res.body;
};

describe('submitRecords', () => {
  it('accepts a new penalty, publishes it with the catalogue\'s publicity end, and logs the change', async () => {
    const body = await submit(eco, [penalty('P-1')]);
    expect(body.errors).toBeUndefined();
    const receipt = body.data!.submitRecords;
    expect(receipt).toMatchObject({ item: 'FR-CF-001', department: 'eco', submitted: 1, accepted: 1, rejected: 0 });
    const [r] = receipt.results;
    expect(r).toMatchObject({ index: 0, recordId: 'P-1', outcome: 'ACCEPTED', version: 1, reason: null, warnings: [] });
    const row = await sg.db.prisma.administrativePenalty.findUnique({ where: { id: r.archiveRecordId } });
    expect(row).toMatchObject({
      uscc: A, catalogItemCode: 'FR-CF-001', sourceDepartment: '深圳市生态环境局', publicityEndDate: '2028-06-01',
      publicityPeriodMonths: 36, status: 'PUBLISHED', amount: 200000,
    });
    expect(await sg.db.prisma.collectedRecord.findFirst({ where: { archiveId: r.archiveRecordId } })).toMatchObject({ firstReceivedAt: NOW, version: 1, state: 'ACTIVE' });
    const events = await sg.db.prisma.changeEvent.findMany({ where: { recordId: r.archiveRecordId } });
    expect(events).toEqual([expect.objectContaining({
      at: NOW, type: 'RECORD_ADDED', subject: A, category: 'PENALTIES', recordType: 'AdministrativePenalty', itemCode: 'FR-CF-001',
      departmentCode: 'eco', version: 1, source: 'COLLECTION',
    })]);
  });

  it('changes nothing when the same record comes again, and keeps the old version when it changes', async () => {
    const again = (await submit(eco, [penalty('P-1')])).data!.submitRecords;
    expect(again.results[0]).toMatchObject({ outcome: 'UNCHANGED', version: 1 });
    const before = await sg.db.prisma.changeEvent.count();
    const changed = (await submit(eco, [penalty('P-1', { amount: 150000 })])).data!.submitRecords;
    expect(changed.results[0]).toMatchObject({ outcome: 'UPDATED', version: 2, archiveRecordId: again.results[0].archiveRecordId });
    const id = changed.results[0].archiveRecordId;
    expect((await sg.db.prisma.administrativePenalty.findUnique({ where: { id } }))!.amount).toBe(150000);
    const collected = await sg.db.prisma.collectedRecord.findFirst({ where: { archiveId: id } });
    const versions = await sg.db.prisma.collectedRecordVersion.findMany({ where: { recordId: collected!.id }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.action, JSON.parse(v.data).amount])).toEqual([[1, 'ACCEPTED', 200000], [2, 'UPDATED', 150000]]);
    expect(await sg.db.prisma.changeEvent.count()).toBe(before + 1);
  });

  it('rejects bad records with a reason and the field, and keeps the good ones of the same call', async () => {
    const records = [
      penalty('B-1', { decisionDate: '2025-13-01' }),
      penalty('B-2', { severity: 'HUGE' }),
      penalty('B-3', { publicityEndDate: '2099-01-01' }),
      penalty('B-4', { violation: '' }),
      penalty('B-5', { uscc: A.slice(0, 17) }),
      penalty('B-6', { uscc: uscc(99) }),
      penalty('B-7', { uscc: '440305199810071144' }),
      penalty('B-8', { amount: 'a lot' }),
      penalty('B-9', { decisionDate: '2099-01-01' }),
      { uscc: A },
      penalty('G-1'),
    ];
    const receipt = (await submit(eco, records)).data!.submitRecords;
    expect(receipt).toMatchObject({ submitted: 11, accepted: 1, rejected: 10 });
    expect(receipt.results.map((r: { reason: string | null; field: string | null }) => [r.reason, r.field])).toEqual([
      ['DATE_FORMAT', 'records[0].decisionDate'],
      ['VALUE_NOT_ALLOWED', 'records[1].severity'],
      ['UNKNOWN_FIELD', 'records[2].publicityEndDate'],
      ['MISSING_FIELD', 'records[3].violation'],
      ['USCC_FORMAT', 'records[4].uscc'],
      ['SUBJECT_NOT_FOUND', 'records[5].uscc'],
      ['SUBJECT_KIND', 'records[6].uscc'],
      ['FIELD_TYPE', 'records[7].amount'],
      ['DATE_IN_FUTURE', 'records[8].decisionDate'],
      ['RECORD_ID', 'records[9].recordId'],
      [null, null],
    ]);
    // A person's ID number is never echoed in clear.
    expect(JSON.stringify(receipt)).not.toContain('440305199810071144');
    const stored = await sg.db.prisma.collectionRejection.findMany({ where: { receiptId: receipt.id } });
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain('440305199810071144');
  });

  it('keeps a legacy code that fails only its check digit when the platform holds it, with a warning', async () => {
    const receipt = (await submit(eco, [penalty('L-1', { uscc: LEGACY }), penalty('L-2', { uscc: uscc(3).slice(0, 17) + LEGACY[17] })])).data!.submitRecords;
    expect(receipt.results[0]).toMatchObject({ outcome: 'ACCEPTED', warnings: [{ code: 'USCC_CHECK_DIGIT', field: 'uscc' }] });
    expect(receipt.results[1]).toMatchObject({ outcome: 'REJECTED', reason: expect.stringMatching(/^USCC_CHECK_DIGIT|SUBJECT_NOT_FOUND$/) });
  });

  it('refuses an item the catalogue does not name the department for, and a department submitting for another', async () => {
    const notProvider = await submit(civil, [penalty('X-1')]);
    expect(notProvider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(notProvider.data?.submitRecords).toBeNull();
    const otherDept = await submit(eco, [penalty('X-2')], 'FR-CF-001', 'samr');
    expect(otherDept.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bank: Principal = { kind: 'INSTITUTION', institutionId: 'i-bank', institutionName: '银行', institutionKind: 'FINANCIAL', scopes: ['department:eco'] };
    expect((await submit(bank, [penalty('X-3')])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await sg.db.prisma.collectedRecord.count({ where: { sourceRecordId: { in: ['X-1', 'X-2', 'X-3'] } } })).toBe(0);
  });

  it('lets an operator submit for a named provider, and says which items are unknown or too many', async () => {
    const noDept = await submit(operator, [penalty('O-1')]);
    expect(noDept.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DEPARTMENT_REQUIRED' });
    const ok = (await submit(operator, [penalty('O-1')], 'FR-CF-001', 'samr')).data!.submitRecords;
    expect(ok).toMatchObject({ department: 'samr', accepted: 1 });
    expect((await submit(eco, [], 'FR-NOPE-001')).errors?.[0]?.extensions?.reason).toBe('UNKNOWN_ITEM');
    // A social organisation's item is collected now (forwarded to the social-org subgraph), but not eco's to send.
    expect((await submit(eco, [], 'SHZZ-CF-001')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const many = Array.from({ length: 1001 }, (_, i) => penalty(`M-${i}`));
    expect((await submit(eco, many)).errors?.[0]?.extensions?.reason).toBe('TOO_MANY_RECORDS');
  });

  it('puts a collected black-list entry on the partner cities\' list feed and the change log', async () => {
    const entry = {
      recordId: 'BL-1', uscc: A, listName: '环境违法失信名单', reason: '严重超标排放', listingAuthority: '深圳市生态环境局',
      listedOn: '2025-05-01', validTo: '2026-05-01',
    };
    const body = await query(operator, SUBMIT, { item: 'FR-HEIMD-001', records: [entry], department: 'credit' });
    expect(body.body.data!.submitRecords.accepted).toBe(1);
    const id = body.body.data!.submitRecords.results[0].archiveRecordId;
    expect(await sg.db.prisma.listEntry.findUnique({ where: { id } })).toMatchObject({ listType: 'BLACK', publicityEndDate: '2026-05-01', sourceDepartment: '公共信用信息平台' });
    const [event] = await sg.db.prisma.changeEvent.findMany({ where: { recordId: id } });
    expect(event).toMatchObject({ type: 'LIST_ENTRY_ADDED', category: 'BLACK_LIST' });
    expect(JSON.parse(event!.detail!)).toMatchObject({ listName: '环境违法失信名单', status: 'PUBLISHED', removedOn: null });
  });
});

describe('withdrawRecord', () => {
  it('withdraws a record for its department only, once, keeping every version', async () => {
    const [first] = (await submit(eco, [penalty('W-1')])).data!.submitRecords.results;
    const civilTry = await query(civil, WITHDRAW, { item: 'FR-CF-001', recordId: 'W-1' });
    expect(civilTry.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const samr = await query(operator, WITHDRAW.replace('reason:', 'department: "samr", reason:'), { item: 'FR-CF-001', recordId: 'W-1' });
    expect(samr.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const done = await query(eco, WITHDRAW, { item: 'FR-CF-001', recordId: 'W-1' });
    expect(done.body.data!.withdrawRecord).toEqual({ withdrawn: 1, unchanged: 0, results: [{ outcome: 'WITHDRAWN', version: 2, archiveRecordId: first.archiveRecordId }] });
    expect((await sg.db.prisma.administrativePenalty.findUnique({ where: { id: first.archiveRecordId } }))!.status).toBe('WITHDRAWN');
    const again = await query(eco, WITHDRAW, { item: 'FR-CF-001', recordId: 'W-1' });
    expect(again.body.data!.withdrawRecord).toMatchObject({ withdrawn: 0, unchanged: 1 });
    const resent = (await submit(eco, [penalty('W-1', { amount: 1 })])).data!.submitRecords.results[0];
    expect(resent).toMatchObject({ outcome: 'REJECTED', reason: 'RECORD_WITHDRAWN' });
    const types = (await sg.db.prisma.changeEvent.findMany({ where: { recordId: first.archiveRecordId }, orderBy: { seq: 'asc' } })).map((e) => e.type);
    expect(types).toEqual(['RECORD_ADDED', 'RECORD_WITHDRAWN']);
  });

  it('answers the anonymous public without the withdrawn record', async () => {
    const res = await query({ kind: 'ANONYMOUS' }, `{ enterprise(uscc: "${A}") { penalties { catalogItemCode documentNumber } } }`);
    const docs = res.body.data!.enterprise.penalties.map((p: { documentNumber: string }) => p.documentNumber);
    expect(docs).toContain('深环罚〔2025〕P-1号');
    expect(docs).not.toContain('深环罚〔2025〕W-1号');
    expect(TODAY).toBe('2025-06-15');
  });
});

describe('the catalogue', () => {
  it('is listed for anyone, with each department\'s items', async () => {
    const res = await query({ kind: 'ANONYMOUS' }, `{ catalogue { version departments { code items } items { code slot providers disclosure deadlineDays
      publicity { from until rules { when { field values } minMonths maxMonths } } fields { name type required values } } } }`);
    const c = res.body.data!.catalogue;
    expect(c.version).toBe('2026.1');
    expect(c.departments.find((d: { code: string }) => d.code === 'eco').items).toEqual(['FR-XK-001', 'FR-CF-001', 'FR-SSJ-001', 'ZRR-CF-001']);
    const pen = c.items.find((i: { code: string }) => i.code === 'FR-CF-001');
    expect(pen.publicity.rules[1]).toEqual({ when: [{ field: 'severity', values: ['MINOR'] }], minMonths: 0, maxMonths: 36 });
    expect(pen.fields.find((f: { name: string }) => f.name === 'severity')).toEqual({ name: 'severity', type: 'ENUM', required: true, values: ['MINOR', 'GENERAL', 'SERIOUS'] });
  });
});
