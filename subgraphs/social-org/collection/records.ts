/**
 * Collection of social-organisation catalogue items (issue 13), written where social
 * organisations' records live: forwarded by the enterprise subgraph's submitRecords and POST
 * /ingest, checked record by record (lib/collection/validate.ts: a USCC starting with 5, a legacy
 * code failing only its check digit kept with a warning when the platform holds the organisation)
 * and written through the shared registry (lib/collection/registry.ts) into the archive table of
 * the item's slot. The publicity end is the catalogue's, never the sender's. Every record accepted,
 * updated or withdrawn is logged (db/change-log.ts) in the same transaction, at its end (the
 * registry's `flush`): RECORD_ADDED, RECORD_UPDATED, RECORD_WITHDRAWN with the item, the department
 * and the registry version.
 */
import { publicityOf, type CatalogueItem } from '../../../lib/catalogue/index.ts';
import { submitToRegistry, withdrawFromRegistry, type Archive, type Run } from '../../../lib/collection/registry.ts';
import type { Started } from '../../../lib/collection/routes.ts';
import { checkRecord, type Values } from '../../../lib/collection/validate.ts';
import type { ChangeEventInput } from '../../../lib/change-log.ts';
import { transaction } from '../../../lib/db/client.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { appendOrgChangeEvents, orgEvent } from '../db/change-log.ts';
import type { Db, Tx } from '../db/client.ts';
import { registry, withdrawPenalty, writePenalty, type PenaltyColumns } from '../db/collection.ts';
import { findSocialOrgs } from '../db/social-orgs.ts';

const str = (v: Values[string]): string | null => (v === null || v === undefined ? null : String(v));

/** Where a social-organisation item's records land: the table of its slot. */
interface OrgTable {
  recordType: string;
  write(tx: Tx, id: string, uscc: string, columns: PenaltyColumns, isNew: boolean): Promise<void>;
  withdraw(tx: Tx, id: string, today: string): Promise<void>;
  columns(item: CatalogueItem, values: Values, departmentName: string): PenaltyColumns;
}

const TABLES: Partial<Record<CatalogueItem['slot'], OrgTable>> = {
  PENALTIES: {
    recordType: 'SocialOrgPenalty',
    write: writePenalty,
    withdraw: withdrawPenalty,
    // The platform sets what the sender may not: the item, the department, the publicity end.
    columns: (item, v, departmentName) => ({
      catalogItemCode: item.code, sourceDepartment: departmentName, documentNumber: String(v.documentNumber), decisionDate: String(v.decisionDate),
      violation: String(v.violation), penaltyType: String(v.penaltyType), amount: typeof v.amount === 'number' ? v.amount : null,
      publicityEndDate: publicityOf(item, v).endDate,
    }),
  },
};

/** The table of a social-organisation item, or BAD_USER_INPUT ITEM_NOT_SUPPORTED. */
export function orgTableOf(item: CatalogueItem): OrgTable {
  const table = item.subjectKind === 'SOCIAL_ORGANIZATION' ? TABLES[item.slot] : undefined;
  if (!table) throw badUserInput('ITEM_NOT_SUPPORTED', `Item ${item.code} (${item.subjectKind}, ${item.slot}) is not collected by the social-org subgraph.`);
  return table;
}

const runIn = (db: Db): Run<Tx> => (work) => transaction(db, work, { timeout: 120_000 });

/**
 * The social-org archive of one call; `held`: the organisations on the platform among the call's
 * codes. The events of its writes are gathered and appended last in the transaction.
 */
function orgArchive(db: Db, s: Started, held: ReadonlySet<string>): Archive<Tx> {
  const { item, sender } = s;
  const table = orgTableOf(item);
  const events: ChangeEventInput[] = [];
  const logged = (type: 'RECORD_ADDED' | 'RECORD_UPDATED' | 'RECORD_WITHDRAWN', uscc: string, id: string, version: number) =>
    events.push(orgEvent(type, uscc, item.slot, table.recordType, id, 'COLLECTION', { itemCode: item.code, departmentCode: sender.departmentCode, version }));
  return {
    recordType: table.recordType,
    resolve: (check) => {
      const field = item.subjectField;
      if (!held.has(check.subject)) {
        return check.legacyCode
          ? { ok: false, reason: 'USCC_CHECK_DIGIT', field, message: `${check.subject} fails its check digit and is not a code the platform holds` }
          : { ok: false, reason: 'SUBJECT_NOT_FOUND', field, message: `no social organisation ${check.subject} on the platform` };
      }
      const warnings = check.legacyCode
        ? [{ code: 'USCC_CHECK_DIGIT', field, message: `${check.subject} fails its check digit; kept as a legacy code the platform holds` }] : [];
      return { ok: true, subject: check.subject, hashed: check.values, kept: check.values, warnings };
    },
    write: async (tx, w) => {
      await table.write(tx, w.archiveId, w.subject, table.columns(item, w.values, sender.departmentName), w.isNew);
      logged(w.isNew ? 'RECORD_ADDED' : 'RECORD_UPDATED', w.subject, w.archiveId, w.version);
    },
    withdraw: async (tx, row, version) => {
      await table.withdraw(tx, row.archiveId, s.today);
      logged('RECORD_WITHDRAWN', row.subject, row.archiveId, version);
    },
    flush: async (tx) => { await appendOrgChangeEvents(tx, db, events.splice(0), s.now); },
  };
}

/** Checks, decides and writes one forwarded call of a social-organisation item in one transaction. */
export async function submitOrgRecords(db: Db, s: Started, records: readonly unknown[]) {
  const checked = records.map((value) => checkRecord(s.item, value, s.today));
  const codes = [...new Set(checked.flatMap((c) => (c.ok ? [c.subject] : [])))];
  const held = new Set((await findSocialOrgs(db, codes)).map((o) => o.uscc));
  return submitToRegistry(runIn(db), registry, orgArchive(db, s, held), s, checked);
}

/** The department that sent an organisation's record withdraws it: from today it is not disclosed. */
export function withdrawOrgRecord(db: Db, w: Started & { recordId: string; reason: string }) {
  return withdrawFromRegistry(runIn(db), registry, orgArchive(db, w, new Set()), w);
}
