/**
 * Credit repair (信用修复) as the departments run it. A subject applies to repair its own
 * administrative penalty or black-list entry with a public commitment, evidence of correction and
 * the documents its class of record requires; the rules per class are data
 * (lib/catalogue/repair.json, loaded as `ctx.repairRules`):
 * - records are published for their class's maximum (the seed writes that end) and repair is
 *   possible after its minimum, so repair always shortens publicity;
 * - a minor penalty (Bao'an, seed 000) is no longer disclosed once the subject has corrected and
 *   publicly committed: the application is granted on arrival (decidedByKind RULE);
 * - a serious penalty (Yuexiu, seed 004) is repairable after its minimum with a credit-repair
 *   training certificate, a credit report and rectification evidence, instead of never;
 * - "who penalised, repairs" (谁处罚、谁修复, Ningbo Jiangbei, seed 003): an application is routed
 *   to the department that sent the record (its collection record, else its catalogue department
 *   by name), which decides within 3 working days (+3 once); the operator oversees the deadlines
 *   (extends, lists the overdue) and decides only what no department owns or what is overdue.
 * Granted: the record becomes REPAIRED (no longer disclosed or shared), black-list entries
 * resting on it end, so sanctions based on it stop, and the commitment enters the archive.
 */
import { randomUUID } from 'node:crypto';
import type { RepairRules } from '../../lib/catalogue/repair-rules.ts';
import { addMonths, todayCST } from '../../lib/time.ts';
import { isUniqueViolation } from '../../lib/db/client.ts';
import { badUserInput, forbidden } from '../../lib/errors.ts';
import {
  applicationInput, DECISION_DAYS, decisionColumns, deciderOf, departmentNamed, eligibilityOf, extendCase, grantedByRule, pendingCase, pendingScope, raced, refusal,
  repairCheck as sharedRepairCheck, requireDecider, requireDocuments, type Decision, type RepairableRecord, type RepairStore, type RepairCheck, type RepairDocument,
} from '../../lib/repair.ts';
import { isOperatorOrGovernment } from '../../lib/principals.ts';
import { invalidState, requiredText } from '../../lib/workflow.ts';
import { addWorkingDays } from '../../lib/working-days.ts';
import { transaction } from '../../lib/db/client.ts';
import { platformItemCode } from './catalogue.ts';
import { REPAIR_COMMITMENT_MONTHS } from './commitments.ts';
import type { Context } from './context.ts';
import { insertCommitment } from './db/commitments.ts';
import { endListEntries, findListEntriesRestingOn, findRecord, findRecordsById, updateRecord, type FoundRecord } from './db/records.ts';
import { appendChangeEvents } from './db/change-log.ts';
import { endedEntries, recordChange, recordEvent } from './workflow-events.ts';
import {
  findCollectedDepartment, findPendingRepairs, findRepairById, insertRepair, updatePendingRepair, type RepairApplicationRow,
} from './db/repairs.ts';
import { ownRecord } from './objections.ts';
import { requireEnterprise } from './rules.ts';


const repairable = (record: FoundRecord): RepairableRecord => ({
  recordType: record.type,
  columns: record.row as unknown as Record<string, unknown>,
  status: record.row.status,
  from: record.type === 'ListEntry' ? record.row.listedOn : record.row.decisionDate ?? record.row.validFrom,
  removedOn: record.type === 'ListEntry' ? record.row.removedOn : null,
});

/** Whether `record` may be repaired on `today` under `rules`, and if not why (pure: lib/repair.ts). */
export const repairCheck = (rules: RepairRules, record: FoundRecord, today: string): RepairCheck =>
  sharedRepairCheck(rules, repairable(record), today, 'Only administrative penalties and black-list entries can be repaired.');

/**
 * The department an application is routed to (谁处罚、谁修复): the one whose collection brought the
 * record, else the catalogue department whose name the record's source department carries, else
 * null: the platform's own.
 */
export async function routeOf(ctx: Context, record: FoundRecord): Promise<string | null> {
  return await findCollectedDepartment(ctx.db, record.row.id) ?? departmentNamed(ctx.catalogue.departments, record.row.sourceDepartment);
}

const NOT_SUBJECT = 'Only the subject of a record may apply to repair it.';

export async function applyForRepair(
  ctx: Context, args: { recordId: string; commitment: string; evidence: readonly string[]; documents?: readonly RepairDocument[] | null },
): Promise<RepairApplicationRow> {
  const subject = requireEnterprise(ctx.caller.principal, NOT_SUBJECT);
  const { commitment, evidence, documents } = applicationInput(ctx.repairRules, args);
  const record = await ownRecord(ctx, args.recordId, subject.uscc, NOT_SUBJECT);
  const check = repairCheck(ctx.repairRules, record, ctx.today);
  if (!check.ok) throw refusal(check);
  requireDocuments(ctx.repairRules, check.recordClass, documents);
  const pending = () => badUserInput('REPAIR_PENDING', 'An application to repair this record is already pending.');
  let row: RepairApplicationRow | null;
  try {
    row = await insertRepair(ctx.db, {
      uscc: subject.uscc,
      recordType: record.type,
      recordId: record.row.id,
      commitment,
      evidence: JSON.stringify(evidence),
      status: 'PENDING',
      appliedAt: ctx.now(),
      dueOn: addWorkingDays(ctx.calendar, ctx.today, DECISION_DAYS),
      pendingKey: `${record.type}:${record.row.id}`,
      recordClass: check.recordClass.code,
      departmentCode: await routeOf(ctx, record),
      documents: JSON.stringify(documents),
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw pending();
    throw err;
  }
  if (!row) throw pending();
  // Bao'an: a minor penalty stops being disclosed once corrected with a public commitment.
  if (check.recordClass.decidedBy === 'ON_APPLICATION') {
    return decide(ctx, row, record, grantedByRule(check.recordClass));
  }
  return row;
}

const store = (ctx: Context): RepairStore<RepairApplicationRow> => ({
  find: (id) => findRepairById(ctx.db, id),
  updatePending: (id, extraWhere, data) => updatePendingRepair(ctx.db, id, extraWhere, data),
});

export async function extendRepair(ctx: Context, args: { id: string }): Promise<RepairApplicationRow> {
  return extendCase(store(ctx), ctx.caller.principal, args.id, ctx);
}

export async function decideRepair(ctx: Context, args: { id: string; approve: boolean; note: string }): Promise<RepairApplicationRow> {
  requireDecider(ctx.caller.principal);
  const note = requiredText(args.note, 'note', 2000);
  const current = pendingCase(await store(ctx).find(args.id), args.id);
  const decider = deciderOf(ctx.caller.principal, current, ctx.today);
  const record = await findRecord(ctx.db, current.recordType as FoundRecord['type'], current.recordId);
  if (!record) throw new Error(`repair application ${current.id} names a record that no longer exists (${current.recordType} ${current.recordId})`);
  if (args.approve && record.row.status !== 'PUBLISHED') {
    throw invalidState(`The record is now ${record.row.status}; the application can only be rejected.`, record.row.status);
  }
  return decide(ctx, current, record, { approve: args.approve, note, ...decider });
}

/** Records the decision; granted: the record is REPAIRED, entries resting on it end, the commitment enters the archive. */
async function decide(
  ctx: Context, current: RepairApplicationRow, record: FoundRecord, d: Decision,
): Promise<RepairApplicationRow> {
  const row = await transaction(ctx.db, async (tx) => {
    const decided = await updatePendingRepair(tx, current.id, {}, decisionColumns(d, ctx.now()));
    if (!decided || !d.approve) return decided;
    const ends = record.type === 'ListEntry' && record.row.removedOn === null ? { removedOn: ctx.today } : {};
    const after = await updateRecord(tx, record.type, record.row.id, { status: 'REPAIRED', ...ends });
    const resting = await findListEntriesRestingOn(tx, record.row.id);
    const ended = await endListEntries(tx, resting.map((e) => e.id), { status: 'REPAIRED', removedOn: ctx.today });
    await appendChangeEvents(tx, [
      recordEvent('REPAIR_GRANTED', after, 'REPAIR', { repairId: decided.id }), recordChange(after, 'RECORD_REPAIRED', 'REPAIR'),
      ...endedEntries(ended, 'REPAIR'),
    ], ctx.now(), ctx.db.reader.provider);
    // The public commitment made with the application enters the archive.
    const commitment = await insertCommitment(tx, {
      id: randomUUID(),
      uscc: current.uscc,
      catalogItemCode: platformItemCode('CN'),
      sourceDepartment: record.row.sourceDepartment,
      documentNumber: null,
      decisionDate: ctx.today,
      validFrom: ctx.today,
      // A term, so the commitment is published while it runs and not forever (commitments.ts).
      validTo: addMonths(ctx.today, REPAIR_COMMITMENT_MONTHS),
      publicityEndDate: addMonths(ctx.today, REPAIR_COMMITMENT_MONTHS),
      status: 'PUBLISHED',
      underObjection: false,
      commitmentType: '信用修复承诺',
      content: current.commitment,
      committedOn: todayCST(current.appliedAt),
      commitmentStatus: 'IN_FORCE',
    });
    await appendChangeEvents(tx, [recordEvent('RECORD_ADDED', { type: 'CreditCommitment', row: commitment }, 'REPAIR')], ctx.now(), ctx.db.reader.provider);
    return decided;
  });
  if (!row) throw raced(current.id);
  return row;
}

/** Operators: every pending application; a source department: those routed to it. */
export function pendingRepairs(ctx: Context): Promise<RepairApplicationRow[]> {
  return findPendingRepairs(ctx.db, pendingScope(ctx.caller.principal));
}

export interface RepairEligibility {
  recordId: string;
  recordType: string;
  recordClass: string | null;
  repairable: boolean;
  reason: string | null;
  message: string | null;
  earliestDate: string | null;
  publicityEndDate: string | null;
  requirements: { code: string; name: string; given: string }[];
  decidedBy: string | null;
  routedTo: string | null;
  source: string | null;
}

/**
 * When and with what a record can be repaired: its subject, government institutions and operators
 * (anyone else, or an unknown id: FORBIDDEN, so existence does not leak).
 */
export async function repairEligibility(ctx: Context, args: { recordId: string }): Promise<RepairEligibility> {
  const p = ctx.caller.principal;
  const found = (await findRecordsById(ctx.db, args.recordId))
    .filter((f) => isOperatorOrGovernment(p) || (p.kind === 'ENTERPRISE' && f.row.uscc === p.uscc));
  if (found.length !== 1) {
    if (found.length > 1) throw badUserInput('RECORD_AMBIGUOUS', `Record id ${args.recordId} names records of several categories.`);
    throw forbidden('Only the record\'s subject, government institutions and operators may ask.');
  }
  const record = found[0]!;
  const check = repairCheck(ctx.repairRules, record, ctx.today);
  return {
    recordId: record.row.id,
    recordType: record.type,
    publicityEndDate: record.row.publicityEndDate,
    routedTo: check.recordClass ? await routeOf(ctx, record) : null,
    ...eligibilityOf(ctx.repairRules, check),
  };
}
