/**
 * Collection of natural-person catalogue items (issue 13), written where persons' records live: a
 * batch from one department checked record by record (lib/collection/validate.ts, the same checks
 * as legal persons' plus the GB 11643 check character) and written through the shared registry
 * (lib/collection/registry.ts: idempotency, versions, receipt, one transaction) into the
 * PersonPenalty / JudgmentDebtorCase rows, with the person change log (record-changes.ts).
 *
 * The ID number is turned into its keyed
 * hash (to find the person, and in the content hash) and its ciphertext (in the version kept) as
 * soon as it is checked; a rejection names it masked only.
 */
import type { ChangeEventInput } from '../../../lib/change-log.ts';
import { publicityOf, type CatalogueItem } from '../../../lib/catalogue/index.ts';
import { submitToRegistry, withdrawFromRegistry, type Archive, type Run } from '../../../lib/collection/registry.ts';
import type { Started } from '../../../lib/collection/routes.ts';
import type { Sender } from '../../../lib/collection/submission.ts';
import { checkRecord, type Values } from '../../../lib/collection/validate.ts';
import { transaction } from '../../../lib/db/client.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { maskIdNumber } from '../../../lib/identifiers/masking.ts';
import type { IdNumberCrypto } from '../context.ts';
import { appendPersonChangeEvents } from '../db/change-log.ts';
import type { Db, Tx } from '../db/client.ts';
import { registry } from '../db/collection.ts';
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

/** The person database's transactions (a 1,000-record call writes well past the default 5 s on a busy machine). */
const runIn = (db: Db): Run<Tx> => (work) => transaction(db, work, { timeout: 120_000 });

/**
 * The person archive of one call: finds persons by the keyed hash of their ID number (`personOf`),
 * writes the item's table, and gathers the change-log events appended at the end of the transaction.
 */
function personArchive(db: Db, s: Started, ids: IdNumberCrypto, personOf: ReadonlyMap<string, string>, hashOf: ReadonlyMap<string, string>): Archive<Tx> {
  const { item, sender } = s;
  const table = personTableOf(item);
  const events: ChangeEventInput[] = [];
  const extra = (version: number) => ({ itemCode: item.code, departmentCode: sender.departmentCode, version });
  return {
    recordType: table.recordType,
    resolve: (check) => {
      const hash = hashOf.get(check.subject) ?? ids.hash(check.subject);
      const personId = personOf.get(hash);
      if (!personId) return { ok: false, reason: 'SUBJECT_NOT_FOUND', field: item.subjectField, message: `no person with ID number ${maskIdNumber(check.subject)} on the platform` };
      return {
        ok: true, subject: personId, warnings: [],
        hashed: { ...check.values, [item.subjectField]: hash }, kept: { ...check.values, [item.subjectField]: ids.conceal(check.subject) },
      };
    },
    write: async (tx, w) => {
      const columns = table.columns(item, w.values, sender);
      events.push(...await (w.isNew ? table.add : table.update)(tx, w.archiveId, w.subject, columns, s.today, extra(w.version)));
    },
    withdraw: async (tx, row, version) => {
      events.push(...await withdrawRecordIn(tx, table.recordType, row.archiveId, row.subject, s.today, 'COLLECTION', extra(version)));
    },
    flush: async (tx) => { await appendPersonChangeEvents(tx, db, events.splice(0), s.now); },
  };
}

/** Checks, decides and writes one submitRecords call of a natural-person item in one transaction. */
export async function submitPersonRecords(db: Db, ids: IdNumberCrypto, s: Started, records: readonly unknown[]) {
  const checked = records.map((value) => checkRecord(s.item, value, s.today));
  // The ID number is keyed at once: from here on only its hash finds the person.
  const hashOf = new Map<string, string>();
  for (const c of checked) if (c.ok && !hashOf.has(c.subject)) hashOf.set(c.subject, ids.hash(c.subject));
  const personOf = new Map((await personsByIdHashes(db, [...hashOf.values()])).map((p) => [p.idHash, p.id]));
  return submitToRegistry(runIn(db), registry, personArchive(db, s, ids, personOf, hashOf), s, checked);
}

/**
 * The department that sent a person's record withdraws it: the row becomes WITHDRAWN (only the
 * person still sees it), with the registry's version and receipt and the change log.
 */
export function withdrawPersonRecord(db: Db, ids: IdNumberCrypto, w: Started & { recordId: string; reason: string }) {
  return withdrawFromRegistry(runIn(db), registry, personArchive(db, w, ids, new Map(), new Map()), w);
}
