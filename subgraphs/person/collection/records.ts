/**
 * Collection of natural-person catalogue items (issue 13), written where persons' records live: a
 * batch from one department checked record by record (lib/collection/validate.ts, the same checks
 * as legal persons' plus the GB 11643 check character) and written in ONE transaction with
 * everything it changes — the PersonPenalty / JudgmentDebtorCase rows, the registry of collected
 * records and every version, the person change log (record-changes.ts) and the receipt. A rejected
 * record never stops the others.
 *
 * Idempotent by (department, item, the department's own record id): the same values again are
 * UNCHANGED; changed values are the record's next version (the row updated in place, so its id
 * stays; the old values kept in CollectedRecordVersion). The ID number is turned into its keyed
 * hash (to find the person, and in the content hash) and its ciphertext (in the version kept) as
 * soon as it is checked; a rejection names it masked only.
 */
import { randomUUID } from 'node:crypto';
import type { ChangeEventInput } from '../../../lib/change-log.ts';
import { publicityOf, type CatalogueItem } from '../../../lib/catalogue/index.ts';
import type { ReceiptCounts, RecordResult, Sender } from '../../../lib/collection/submission.ts';
import { checkRecord, contentHash, type Values } from '../../../lib/collection/validate.ts';
import { transaction } from '../../../lib/db/client.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { maskIdNumber } from '../../../lib/identifiers/masking.ts';
import { notFound } from '../../../lib/workflow.ts';
import type { IdNumberCrypto } from '../context.ts';
import { appendPersonChangeEvents } from '../db/change-log.ts';
import type { Db, Tx } from '../db/client.ts';
import { addToReceipt, findCollected, saveCollected, type CollectedRow } from '../db/collection.ts';
import { personsByIdHashes } from '../db/persons.ts';
import type { ObjectableType } from '../db/records.ts';
import {
  addJudgmentDebtorCaseIn, addPenaltyIn, updateJudgmentDebtorCaseIn, updatePenaltyIn, withdrawRecordIn, type EventExtra, type NewJudgmentDebtorCase, type NewPenalty,
} from '../record-changes.ts';

const str = (v: Values[string]): string | null => (v === null || v === undefined ? null : String(v));

/** Where a natural-person item's records land: the table of its slot and how its values become the row's columns. */
interface PersonTable {
  recordType: ObjectableType;
  add(tx: Tx, id: string, personId: string, columns: Record<string, unknown>, today: string, extra: EventExtra): Promise<ChangeEventInput[]>;
  update(tx: Tx, id: string, personId: string, columns: Record<string, unknown>, today: string, extra: EventExtra): Promise<ChangeEventInput[]>;
  columns(item: CatalogueItem, values: Values, sender: Sender): Record<string, unknown>;
}

const TABLES: Partial<Record<CatalogueItem['slot'], PersonTable>> = {
  PENALTIES: {
    recordType: 'PersonPenalty',
    add: (tx, id, personId, c, _today, extra) => addPenaltyIn(tx, { ...c, id, personId } as NewPenalty, 'COLLECTION', extra),
    update: (tx, id, personId, c, _today, extra) => updatePenaltyIn(tx, id, { ...c, personId }, 'COLLECTION', extra),
    // The platform sets what the sender may not: the item, the department, the publicity end.
    columns: (item, v, sender) => ({
      catalogItemCode: item.code, sourceDepartment: sender.departmentName, documentNumber: str(v.documentNumber),
      decisionDate: v.decisionDate, violation: v.violation, legalBasis: str(v.legalBasis) ?? '', penaltyType: v.penaltyType,
      amount: v.amount ?? null, publicityEndDate: publicityOf(item, v).endDate, severity: str(v.severity) ?? 'GENERAL',
    }),
  },
  BLACK_LIST: {
    recordType: 'JudgmentDebtorCase',
    add: (tx, id, personId, c, today, extra) => addJudgmentDebtorCaseIn(tx, { ...c, id, personId } as NewJudgmentDebtorCase, today, 'COLLECTION', extra),
    update: (tx, id, personId, c, today, extra) => updateJudgmentDebtorCaseIn(tx, id, { ...c, personId }, today, 'COLLECTION', extra),
    columns: (_item, v) => ({
      caseNumber: v.documentNumber, court: v.court, obligation: v.obligation, listedOn: v.listedOn, removedOn: str(v.removedOn),
    }),
  },
};

/** The table of a natural-person item, or BAD_USER_INPUT ITEM_NOT_SUPPORTED. */
export function personTableOf(item: CatalogueItem): PersonTable {
  const table = item.subjectKind === 'NATURAL_PERSON' ? TABLES[item.slot] : undefined;
  if (!table) throw badUserInput('ITEM_NOT_SUPPORTED', `Item ${item.code} (${item.subjectKind}, ${item.slot}) is not collected by the person subgraph.`);
  return table;
}

export const zeroCounts = (): ReceiptCounts => ({ submitted: 0, accepted: 0, updated: 0, unchanged: 0, rejected: 0, withdrawn: 0 });

export interface PersonBatch {
  item: CatalogueItem;
  sender: Sender;
  receiptId: string;
  records: readonly unknown[];
  now: Date;
  today: string;
}

/** Checks, decides and writes one submitRecords call of a natural-person item in one transaction. */
export async function submitPersonRecords(
  db: Db, ids: IdNumberCrypto, b: PersonBatch,
): Promise<{ results: RecordResult[]; counts: ReceiptCounts }> {
  const { item, sender } = b;
  const table = personTableOf(item);
  const checked = b.records.map((value) => checkRecord(item, value, b.today));
  // The ID number is keyed at once: from here on only its hash finds the person.
  const hashOf = new Map<string, string>();
  for (const c of checked) if (c.ok && !hashOf.has(c.subject)) hashOf.set(c.subject, ids.hash(c.subject));
  const personOf = new Map((await personsByIdHashes(db, [...hashOf.values()])).map((p) => [p.idHash, p.id]));

  return transaction(db, async (tx) => {
    const stored = new Map((await findCollected(tx, sender.departmentCode, item.code, checked.flatMap((c) => (c.ok ? [c.recordId] : []))))
      .map((c) => [c.sourceRecordId, c]));
    const counts = zeroCounts();
    const results: RecordResult[] = [];
    const events: ChangeEventInput[] = [];
    for (const [index, check] of checked.entries()) {
      counts.submitted++;
      const result: RecordResult = {
        index, recordId: check.recordId, outcome: 'REJECTED', archiveRecordId: null, version: null, reason: null, field: null, message: null, warnings: [],
      };
      results.push(result);
      if (!check.ok) {
        Object.assign(result, { reason: check.reason, field: check.field, message: check.message });
        counts.rejected++;
        continue;
      }
      const hash = hashOf.get(check.subject)!;
      const personId = personOf.get(hash);
      const previous = stored.get(check.recordId);
      const refusal = !personId ? { reason: 'SUBJECT_NOT_FOUND', message: `no person with ID number ${maskIdNumber(check.subject)} on the platform` }
        : previous?.state === 'WITHDRAWN' ? { reason: 'RECORD_WITHDRAWN', message: `record ${check.recordId} was withdrawn` } : null;
      if (refusal) {
        Object.assign(result, { ...refusal, field: refusal.reason === 'RECORD_WITHDRAWN' ? 'recordId' : item.subjectField });
        counts.rejected++;
        continue;
      }
      const keyed = contentHash({ ...check.values, [item.subjectField]: hash });
      if (previous && previous.contentHash === keyed) {
        Object.assign(result, { outcome: 'UNCHANGED', archiveRecordId: previous.archiveId, version: previous.version });
        counts.unchanged++;
        continue;
      }
      const outcome = previous ? 'UPDATED' : 'ACCEPTED';
      const row: CollectedRow = previous
        ? { ...previous, subject: personId!, version: previous.version + 1, contentHash: keyed, lastReceivedAt: b.now }
        : {
          id: randomUUID(), archiveId: randomUUID(), departmentCode: sender.departmentCode, itemCode: item.code, sourceRecordId: check.recordId,
          recordType: table.recordType, subject: personId!, version: 1, contentHash: keyed, state: 'ACTIVE', firstReceivedAt: b.now, lastReceivedAt: b.now,
        };
      const extra = { itemCode: item.code, departmentCode: sender.departmentCode, version: row.version };
      const columns = table.columns(item, check.values, sender);
      events.push(...await (previous ? table.update : table.add)(tx, row.archiveId, personId!, columns, b.today, extra));
      await saveCollected(tx, row, !previous, {
        recordId: row.id, version: row.version, action: outcome, receiptId: b.receiptId, receivedAt: b.now, contentHash: keyed,
        data: JSON.stringify({ ...check.values, [item.subjectField]: ids.conceal(check.subject) }),
      });
      stored.set(check.recordId, row);
      Object.assign(result, { outcome, archiveRecordId: row.archiveId, version: row.version });
      counts[outcome === 'ACCEPTED' ? 'accepted' : 'updated']++;
    }
    await appendPersonChangeEvents(tx, db, events, b.now);
    await addToReceipt(tx, {
      id: b.receiptId, departmentCode: sender.departmentCode, itemCode: item.code, channel: 'API',
      actorKind: sender.actorKind, actorId: sender.actorId, receivedAt: b.now, ...counts,
    });
    return { results, counts };
  }, { timeout: 120_000 });
}

/**
 * The department that sent a person's record withdraws it: the row becomes WITHDRAWN (only the
 * person still sees it), the registry keeps the withdrawal as the next version with the reason, and
 * the change log and a receipt say so, in one transaction. Again: UNCHANGED.
 */
export async function withdrawPersonRecord(
  db: Db, w: { item: CatalogueItem; sender: Sender; recordId: string; reason: string; receiptId: string; now: Date; today: string },
): Promise<{ result: RecordResult; counts: ReceiptCounts }> {
  const { item, sender } = w;
  const table = personTableOf(item);
  return transaction(db, async (tx) => {
    const [row] = await findCollected(tx, sender.departmentCode, item.code, [w.recordId]);
    // Another department's record is as unknown to this one as a record never sent.
    if (!row) throw notFound(`record of item ${item.code} sent by department ${sender.departmentCode}`, w.recordId);
    const counts = { ...zeroCounts(), submitted: 1 };
    const result: RecordResult = {
      index: 0, recordId: w.recordId, outcome: 'UNCHANGED', archiveRecordId: row.archiveId, version: row.version,
      reason: null, field: null, message: null, warnings: [],
    };
    if (row.state === 'WITHDRAWN') counts.unchanged = 1;
    else {
      const next = { ...row, state: 'WITHDRAWN', version: row.version + 1, lastReceivedAt: w.now };
      const events = await withdrawRecordIn(tx, table.recordType, row.archiveId, row.subject, w.today, 'COLLECTION',
        { itemCode: item.code, departmentCode: sender.departmentCode, version: next.version });
      await saveCollected(tx, next, false, {
        recordId: row.id, version: next.version, action: 'WITHDRAWN', receiptId: w.receiptId, receivedAt: w.now,
        contentHash: row.contentHash, data: JSON.stringify({ reason: w.reason }),
      });
      await appendPersonChangeEvents(tx, db, events, w.now);
      counts.withdrawn = 1;
      Object.assign(result, { outcome: 'WITHDRAWN', version: next.version });
    }
    await addToReceipt(tx, {
      id: w.receiptId, departmentCode: sender.departmentCode, itemCode: item.code, channel: 'API',
      actorKind: sender.actorKind, actorId: sender.actorId, receivedAt: w.now, ...counts,
    });
    return { result, counts };
  });
}
