/**
 * Persons repair their own records too (信用修复, issue 16), by the rules enterprises repair by
 * (lib/catalogue/repair.json, classes PERSON_PENALTY*, checked by lib/repair.ts):
 * - a person applies for one of their own penalties (PersonPenalty) with a public commitment,
 *   evidence of correction and the documents its class requires (a serious penalty: credit-repair
 *   training and a credit report, Yuexiu, seed 004), after the class's minimum publicity;
 * - a judgment-debtor listing (失信被执行人) is the court's: it ends when the court removes it (or by
 *   an upheld objection), not by credit repair here: refused with COURT_LISTING;
 * - "who penalised, repairs" (谁处罚、谁修复, Ningbo Jiangbei, seed 003): the application is routed
 *   to the catalogue department whose name the penalty's source department carries; that
 *   SOURCE_DEPARTMENT institution (scope `department:<code>`) decides within 3 working days (+3
 *   once, by an operator); an operator decides only what no department owns or what is overdue;
 * - granted: the penalty becomes REPAIRED, which nobody but the person sees (Person.penalties,
 *   the personal credit report).
 * Whatever a department or an operator is shown of an application (pending list, extension,
 * decision, the penalty itself) is a read of the person's penalties: written to the person's access
 * log (basis REPAIR_CASE) before it leaves. The ID number never leaves in clear (Person.idNumber).
 */
import { departmentScope } from '../../lib/caller.ts';
import { badUserInput, CreditGraphError, forbidden } from '../../lib/errors.ts';
import { isInstitutionOfKind, isOperator } from '../../lib/principals.ts';
import {
  applicationInput, DECISION_DAYS, decisionColumns, deciderOf, departmentNamed, eligibilityOf, extendCase, grantedByRule, pendingCase, pendingScope, raced, refusal,
  repairCheck, requireDecider, requireDocuments, type Decision, type RepairableRecord, type RepairStore, type RepairDocument,
} from '../../lib/repair.ts';
import { invalidState, requiredText } from '../../lib/workflow.ts';
import { addWorkingDays } from '../../lib/working-days.ts';
import { transaction } from '../../lib/db/client.ts';
import type { PersonPenalty } from '../../prisma/generated/person/sqlite/client.ts';
import type { Context } from './context.ts';
import { appendPersonChangeEvents, personEvent } from './db/change-log.ts';
import {
  findPersonRepairById, insertPersonRepair, markPenaltyRepaired, pendingPersonRepairs, updatePendingPersonRepair, type PersonRepairRow,
} from './db/repairs.ts';
import { findObjectableRecords } from './db/records.ts';
import { ownRecord } from './objections.ts';
import { logDisclosure, type Grant } from './rules.ts';

const NOT_SUBJECT = 'Only the person a record is about may apply to repair it.';
const NOT_COVERED = 'Only a person\'s administrative penalties can be repaired.';
export const COURT_LISTING = 'COURT_LISTING';
const COURT_LISTING_MESSAGE = 'A judgment-debtor listing (失信被执行人) is the court\'s: it ends when the court removes it, not by credit repair here.';

/** The basis on which a department or operator handling an application reads the person's penalty. */
export const REPAIR_CASE: Grant = { basis: 'REPAIR_CASE', consentId: null };

const repairable = (row: PersonPenalty): RepairableRecord => ({
  recordType: 'PersonPenalty', columns: row as unknown as Record<string, unknown>, status: row.status, from: row.decisionDate, removedOn: null,
});

function signedInPerson(ctx: Context): string {
  const p = ctx.caller.principal;
  if (p.kind !== 'PERSON' || !p.personId) throw forbidden(NOT_SUBJECT);
  return p.personId;
}

/** The department or operator who may handle `app` (decide it, or see it pending or extended). */
export function handles(ctx: Context, app: Pick<PersonRepairRow, 'departmentCode'>): boolean {
  const p = ctx.caller.principal;
  return isOperator(p) || (isInstitutionOfKind(p, 'SOURCE_DEPARTMENT') && app.departmentCode !== null && departmentScope(p.scopes) === app.departmentCode);
}

/** Writes to each person's access log that the handler was shown their application (and so their penalty). */
async function logCaseReads<T extends PersonRepairRow | PersonRepairRow[]>(ctx: Context, rows: T): Promise<T> {
  const persons = new Set((Array.isArray(rows) ? rows : [rows]).map((r) => r.personId));
  await Promise.all([...persons].map((personId) => logDisclosure(ctx, personId, 'PENALTIES', REPAIR_CASE)));
  return rows;
}

export async function applyForPersonRepair(
  ctx: Context, args: { recordId: string; commitment: string; evidence: readonly string[]; documents?: readonly RepairDocument[] | null },
): Promise<PersonRepairRow> {
  const personId = signedInPerson(ctx);
  const { commitment, evidence, documents } = applicationInput(ctx.repairRules, args);
  const record = await ownRecord(ctx, args.recordId, personId, NOT_SUBJECT);
  if (record.type !== 'PersonPenalty') throw new CreditGraphError('BAD_USER_INPUT', COURT_LISTING_MESSAGE, { reason: COURT_LISTING });
  const check = repairCheck(ctx.repairRules, repairable(record.row), ctx.today, NOT_COVERED);
  if (!check.ok) throw refusal(check);
  requireDocuments(ctx.repairRules, check.recordClass, documents);
  const row = await insertPersonRepair(ctx.db, {
    personId,
    recordType: record.type,
    recordId: record.row.id,
    recordClass: check.recordClass.code,
    commitment,
    evidence: JSON.stringify(evidence),
    documents: JSON.stringify(documents),
    status: 'PENDING',
    appliedAt: ctx.now(),
    dueOn: addWorkingDays(ctx.calendar, ctx.today, DECISION_DAYS),
    departmentCode: departmentNamed(ctx.catalogue.departments, record.row.sourceDepartment),
    pendingKey: `${record.type}:${record.row.id}`,
  });
  if (!row) throw badUserInput('REPAIR_PENDING', 'An application to repair this record is already pending.');
  if (check.recordClass.decidedBy === 'ON_APPLICATION') {
    return decide(ctx, row, grantedByRule(check.recordClass));
  }
  return row;
}

const store = (ctx: Context): RepairStore<PersonRepairRow> => ({
  find: (id) => findPersonRepairById(ctx.db, id),
  updatePending: (id, extraWhere, data) => updatePendingPersonRepair(ctx.db, id, extraWhere, data),
});

export async function extendPersonRepair(ctx: Context, args: { id: string }): Promise<PersonRepairRow> {
  return logCaseReads(ctx, await extendCase(store(ctx), ctx.caller.principal, args.id, ctx));
}

export async function decidePersonRepair(ctx: Context, args: { id: string; approve: boolean; note: string }): Promise<PersonRepairRow> {
  requireDecider(ctx.caller.principal);
  const note = requiredText(args.note, 'note', 2000);
  const current = pendingCase(await store(ctx).find(args.id), args.id);
  const decider = deciderOf(ctx.caller.principal, current, ctx.today);
  const penalty = (await findObjectableRecords(ctx.db, current.recordId)).find((r) => r.type === 'PersonPenalty')?.row;
  if (!penalty) throw new Error(`person repair application ${current.id} names a penalty that no longer exists (${current.recordId})`);
  if (args.approve && penalty.status !== 'PUBLISHED') {
    throw invalidState(`The record is now ${penalty.status}; the application can only be rejected.`, penalty.status);
  }
  return logCaseReads(ctx, await decide(ctx, current, { approve: args.approve, note, ...decider }));
}

/** Records the decision; granted: the penalty is REPAIRED in the same transaction. */
async function decide(ctx: Context, current: PersonRepairRow, d: Decision): Promise<PersonRepairRow> {
  const row = await transaction(ctx.db, async (tx) => {
    const decided = await updatePendingPersonRepair(tx, current.id, {}, decisionColumns(d, ctx.now()));
    if (!decided || !d.approve) return decided;
    if (!(await markPenaltyRepaired(tx, current.recordId))) throw invalidState('The record is no longer published; the application can only be rejected.', 'CHANGED');
    // Logged in this transaction, as the enterprise side does: monitoring then delivers that the
    // penalty was repaired, and nothing said of it before (subgraphs/platform/monitoring/disclosure.ts).
    await appendPersonChangeEvents(tx, ctx.db, [
      personEvent('REPAIR_GRANTED', current.personId, 'PersonPenalty', current.recordId, 'REPAIR', { repairId: current.id }),
      personEvent('RECORD_REPAIRED', current.personId, 'PersonPenalty', current.recordId, 'REPAIR'),
    ], ctx.now());
    return decided;
  });
  if (!row) throw raced(current.id);
  return row;
}

/** Operators: every pending application; a source department: those routed to it (each read logged). */
export async function listPendingPersonRepairs(ctx: Context): Promise<PersonRepairRow[]> {
  return logCaseReads(ctx, await pendingPersonRepairs(ctx.db, pendingScope(ctx.caller.principal)));
}

/** When and with what one of the signed-in person's own records can be repaired (FORBIDDEN for anyone else). */
export async function personRepairEligibility(ctx: Context, args: { recordId: string }) {
  const personId = signedInPerson(ctx);
  const record = await ownRecord(ctx, args.recordId, personId, 'Only the person a record is about may ask.');
  if (record.type !== 'PersonPenalty') {
    return {
      recordId: record.row.id, recordType: record.type, recordClass: null, repairable: false, reason: COURT_LISTING, message: COURT_LISTING_MESSAGE,
      earliestDate: null, publicityEndDate: null, requirements: [], decidedBy: null, routedTo: null, source: null,
    };
  }
  const check = repairCheck(ctx.repairRules, repairable(record.row), ctx.today, NOT_COVERED);
  return {
    recordId: record.row.id,
    recordType: record.type,
    publicityEndDate: record.row.publicityEndDate,
    routedTo: check.recordClass ? departmentNamed(ctx.catalogue.departments, record.row.sourceDepartment) : null,
    ...eligibilityOf(ctx.repairRules, check),
  };
}
