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
import type { RepairClass, RepairRules } from '../../lib/catalogue/repair-rules.ts';
import { departmentScope } from '../../lib/caller.ts';
import { addMonths, todayCST } from '../../lib/time.ts';
import { isUniqueViolation } from '../../lib/db/client.ts';
import { badUserInput, CreditGraphError, forbidden } from '../../lib/errors.ts';
import { isInstitutionOfKind, isOperator, isOperatorOrGovernment } from '../../lib/principals.ts';
import { invalidState, notFound, requireOperator, requiredText } from '../../lib/workflow.ts';
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

export const DECISION_DAYS = 3;
export const EXTENSION_DAYS = 3;
export const MAX_EVIDENCE = 20;

export type RepairCheck =
  | { ok: true; recordClass: RepairClass; earliestDate: string }
  | { ok: false; reason: 'NOT_REPAIRABLE' | 'ALREADY_REPAIRED' | 'RECORD_UNDATED'; message: string; recordClass: RepairClass | null }
  | { ok: false; reason: 'REPAIR_TOO_EARLY'; message: string; earliestDate: string; recordClass: RepairClass };

/** Whether `record` may be repaired on `today` under `rules`, and if not why (pure). */
export function repairCheck(rules: RepairRules, record: FoundRecord, today: string): RepairCheck {
  const recordClass = rules.classOf(record.type, record.row as unknown as Record<string, unknown>);
  if (!recordClass) {
    return { ok: false, reason: 'NOT_REPAIRABLE', recordClass, message: 'Only administrative penalties and black-list entries can be repaired.' };
  }
  if (record.row.status === 'REPAIRED') return { ok: false, reason: 'ALREADY_REPAIRED', recordClass, message: 'The record has already been repaired.' };
  if (record.row.status !== 'PUBLISHED') return { ok: false, reason: 'NOT_REPAIRABLE', recordClass, message: `The record is ${record.row.status}.` };
  if (record.type === 'ListEntry' && record.row.removedOn !== null && record.row.removedOn <= today) {
    return { ok: false, reason: 'NOT_REPAIRABLE', recordClass, message: `The entry was removed from the list on ${record.row.removedOn}.` };
  }
  const from = record.type === 'ListEntry' ? record.row.listedOn : record.row.decisionDate ?? record.row.validFrom;
  if (from === null) return { ok: false, reason: 'RECORD_UNDATED', recordClass, message: 'The record has no decision date to count its publicity from.' };
  const earliestDate = addMonths(from, recordClass.minMonths);
  return today >= earliestDate ? { ok: true, recordClass, earliestDate } : {
    ok: false, reason: 'REPAIR_TOO_EARLY', earliestDate, recordClass,
    message: `The minimum publicity of this record (${recordClass.code}) is ${recordClass.minMonths} months: repair can be applied for from ${earliestDate}.`,
  };
}

/**
 * The department an application is routed to (谁处罚、谁修复): the one whose collection brought the
 * record, else the catalogue department whose name the record's source department carries (the
 * longest such name: 深圳市市场监督管理局 is samr's), else null: the platform's own.
 */
export async function routeOf(ctx: Context, record: FoundRecord): Promise<string | null> {
  const collected = await findCollectedDepartment(ctx.db, record.row.id);
  if (collected) return collected;
  const named = ctx.catalogue.departments
    .filter((d) => record.row.sourceDepartment.includes(d.name))
    .sort((a, b) => b.name.length - a.name.length)[0];
  return named?.code ?? null;
}

export interface RepairDocument { requirement: string; reference: string }

/** The requirements of the class an application brings only as named documents, and those missing. */
function missingDocuments(rules: RepairRules, recordClass: RepairClass, documents: readonly RepairDocument[]): string[] {
  const brought = new Set(documents.map((d) => d.requirement));
  return recordClass.requirements.filter((code) => rules.requirement(code)?.given === 'document' && !brought.has(code));
}

const NOT_SUBJECT = 'Only the subject of a record may apply to repair it.';

export async function applyForRepair(
  ctx: Context, args: { recordId: string; commitment: string; evidence: readonly string[]; documents?: readonly RepairDocument[] | null },
): Promise<RepairApplicationRow> {
  const subject = requireEnterprise(ctx.caller.principal, NOT_SUBJECT);
  const commitment = requiredText(args.commitment, 'commitment', 2000);
  const evidence = args.evidence.map((e) => e.trim()).filter((e) => e !== '');
  if (evidence.length === 0) throw badUserInput('EVIDENCE_REQUIRED', 'Name at least one piece of evidence of the correction.');
  if (evidence.length > MAX_EVIDENCE || evidence.some((e) => e.length > 500)) {
    throw badUserInput('EVIDENCE_INVALID', `At most ${MAX_EVIDENCE} pieces of evidence of at most 500 characters each.`);
  }
  const documents = (args.documents ?? []).map((d) => ({ requirement: d.requirement, reference: d.reference.trim() })).filter((d) => d.reference !== '');
  if (documents.length > MAX_EVIDENCE || documents.some((d) => d.reference.length > 500 || !ctx.repairRules.requirement(d.requirement))) {
    throw badUserInput('DOCUMENTS_INVALID', `At most ${MAX_EVIDENCE} documents, each naming a requirement of the repair rules and a reference of at most 500 characters.`);
  }
  const record = await ownRecord(ctx, args.recordId, subject.uscc, NOT_SUBJECT);
  const check = repairCheck(ctx.repairRules, record, ctx.today);
  if (!check.ok) {
    throw new CreditGraphError('BAD_USER_INPUT', check.message,
      check.reason === 'REPAIR_TOO_EARLY' ? { reason: check.reason, earliestDate: check.earliestDate } : { reason: check.reason });
  }
  const missing = missingDocuments(ctx.repairRules, check.recordClass, documents);
  if (missing.length > 0) {
    throw new CreditGraphError('BAD_USER_INPUT', `A ${check.recordClass.code} repair needs: ${missing.map((m) => ctx.repairRules.requirement(m)!.name).join('、')}.`,
      { reason: 'REQUIREMENTS_MISSING', missing });
  }
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
    return decide(ctx, row, record, { approve: true, note: `${check.recordClass.code}: granted on application (${check.recordClass.source})`, kind: 'RULE', id: 'repair-rules' });
  }
  return row;
}

async function pendingCase(ctx: Context, id: string): Promise<RepairApplicationRow> {
  const row = await findRepairById(ctx.db, id);
  if (!row) throw notFound('repair application', id);
  if (row.status !== 'PENDING') throw invalidState(`The application is ${row.status}; this step needs PENDING.`, row.status);
  return row;
}

const raced = (id: string): CreditGraphError => invalidState(`The application ${id} was changed by another request; reload it.`, 'CHANGED');

export async function extendRepair(ctx: Context, args: { id: string }): Promise<RepairApplicationRow> {
  requireOperator(ctx.caller.principal);
  const current = await pendingCase(ctx, args.id);
  if (current.extended) throw badUserInput('ALREADY_EXTENDED', 'The decision deadline has already been extended once.');
  if (current.dueOn < ctx.today) throw badUserInput('DEADLINE_PASSED', `The decision deadline ${current.dueOn} has passed; it can no longer be extended.`);
  const row = await updatePendingRepair(ctx.db, args.id, { extended: false }, {
    extended: true,
    dueOn: addWorkingDays(ctx.calendar, current.dueOn, EXTENSION_DAYS),
  });
  if (!row) throw raced(args.id);
  return row;
}

interface Decider { kind: 'DEPARTMENT' | 'OPERATOR' | 'RULE'; id: string }

/**
 * Who may decide `app`: the department it is routed to; an operator only when no department owns it
 * or its deadline has passed (the operator oversees deadlines and takes over an overdue case).
 */
function deciderOf(ctx: Context, app: RepairApplicationRow): Decider {
  const p = ctx.caller.principal;
  if (isInstitutionOfKind(p, 'SOURCE_DEPARTMENT') && app.departmentCode !== null && departmentScope(p.scopes) === app.departmentCode) {
    return { kind: 'DEPARTMENT', id: p.institutionId };
  }
  if (isOperator(p) && (app.departmentCode === null || app.dueOn < ctx.today)) return { kind: 'OPERATOR', id: p.operatorId };
  throw forbidden(app.departmentCode === null
    ? 'Only a platform operator decides an application no department owns.'
    : `The application is routed to department ${app.departmentCode} (谁处罚、谁修复); an operator takes it over only once its deadline ${app.dueOn} has passed.`);
}

export async function decideRepair(ctx: Context, args: { id: string; approve: boolean; note: string }): Promise<RepairApplicationRow> {
  const p = ctx.caller.principal;
  if (!isOperator(p) && !isInstitutionOfKind(p, 'SOURCE_DEPARTMENT')) throw forbidden('Only the department the application is routed to, or an operator, decides it.');
  const note = requiredText(args.note, 'note', 2000);
  const current = await pendingCase(ctx, args.id);
  const decider = deciderOf(ctx, current);
  const record = await findRecord(ctx.db, current.recordType as FoundRecord['type'], current.recordId);
  if (!record) throw new Error(`repair application ${current.id} names a record that no longer exists (${current.recordType} ${current.recordId})`);
  if (args.approve && record.row.status !== 'PUBLISHED') {
    throw invalidState(`The record is now ${record.row.status}; the application can only be rejected.`, record.row.status);
  }
  return decide(ctx, current, record, { approve: args.approve, note, ...decider });
}

/** Records the decision; granted: the record is REPAIRED, entries resting on it end, the commitment enters the archive. */
async function decide(
  ctx: Context, current: RepairApplicationRow, record: FoundRecord, d: Decider & { approve: boolean; note: string },
): Promise<RepairApplicationRow> {
  const row = await transaction(ctx.db, async (tx) => {
    const decided = await updatePendingRepair(tx, current.id, {}, {
      status: d.approve ? 'APPROVED' : 'REJECTED', decidedAt: ctx.now(), decidedBy: d.id, decidedByKind: d.kind, decisionNote: d.note, pendingKey: null,
    });
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
export async function pendingRepairs(ctx: Context): Promise<RepairApplicationRow[]> {
  const p = ctx.caller.principal;
  if (isOperator(p)) return findPendingRepairs(ctx.db);
  const department = isInstitutionOfKind(p, 'SOURCE_DEPARTMENT') ? departmentScope(p.scopes) : null;
  if (department === null) throw forbidden('Pending repairs are for operators and the departments they are routed to.');
  return findPendingRepairs(ctx.db, department);
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
  const c = check.recordClass;
  return {
    recordId: record.row.id,
    recordType: record.type,
    recordClass: c?.code ?? null,
    repairable: check.ok,
    reason: check.ok ? null : check.reason,
    message: check.ok ? null : check.message,
    earliestDate: check.ok || check.reason === 'REPAIR_TOO_EARLY' ? check.earliestDate : null,
    publicityEndDate: record.row.publicityEndDate,
    requirements: (c?.requirements ?? []).map((code) => ctx.repairRules.requirement(code)!),
    decidedBy: c?.decidedBy ?? null,
    routedTo: c ? await routeOf(ctx, record) : null,
    source: c?.source ?? null,
  };
}
