/**
 * Credit repair's (信用修复) pure part, shared by the two subgraphs whose subjects repair their own
 * records: the enterprise subgraph (administrative penalties, black-list entries) and the person
 * subgraph (a person's own penalties). Both read the same rules (lib/catalogue/repair.json) through
 * these functions, so a class's minimum, its requirements and its refusals are one thing: whether
 * a record may be repaired today, what an application must bring and lacks, the checks of an
 * application's text, the deadlines, and the department an application goes to by name
 * (谁处罚、谁修复, Ningbo Jiangbei, seed 003).
 */
import type { RepairClass, RepairRules } from './catalogue/repair-rules.ts';
import { departmentScope, type Principal } from './caller.ts';
import { badUserInput, CreditGraphError, forbidden } from './errors.ts';
import { isInstitutionOfKind, isOperator } from './principals.ts';
import { addMonths } from './time.ts';
import { invalidState, notFound, requireOperator, requiredText } from './workflow.ts';
import { addWorkingDays, type HolidayCalendar } from './working-days.ts';

/** The department decides within 3 working days of the application, +3 once (Ningbo Jiangbei). */
export const DECISION_DAYS = 3;
export const EXTENSION_DAYS = 3;
export const MAX_EVIDENCE = 20;

/** What the rules look at of a record, whichever subgraph keeps it. */
export interface RepairableRecord {
  /** The GraphQL type, matched against a class's `recordType`. */
  recordType: string;
  /** The record's columns, matched against a class's `when`. */
  columns: Readonly<Record<string, unknown>>;
  status: string;
  /** The day its publicity counts from (decision, listing); null: undated. */
  from: string | null;
  /** A list entry's end; null otherwise. */
  removedOn: string | null;
}

export type RepairCheck =
  | { ok: true; recordClass: RepairClass; earliestDate: string }
  | { ok: false; reason: 'NOT_REPAIRABLE' | 'ALREADY_REPAIRED' | 'RECORD_UNDATED'; message: string; recordClass: RepairClass | null }
  | { ok: false; reason: 'REPAIR_TOO_EARLY'; message: string; earliestDate: string; recordClass: RepairClass };

/**
 * Whether `record` may be repaired on `today` under `rules`, and if not why (pure). `notCovered`
 * says, for the subgraph's subjects, which records the rules cover.
 */
export function repairCheck(rules: RepairRules, record: RepairableRecord, today: string, notCovered: string): RepairCheck {
  const recordClass = rules.classOf(record.recordType, record.columns);
  if (!recordClass) return { ok: false, reason: 'NOT_REPAIRABLE', recordClass, message: notCovered };
  if (record.status === 'REPAIRED') return { ok: false, reason: 'ALREADY_REPAIRED', recordClass, message: 'The record has already been repaired.' };
  if (record.status !== 'PUBLISHED') return { ok: false, reason: 'NOT_REPAIRABLE', recordClass, message: `The record is ${record.status}.` };
  if (record.removedOn !== null && record.removedOn <= today) {
    return { ok: false, reason: 'NOT_REPAIRABLE', recordClass, message: `The entry was removed from the list on ${record.removedOn}.` };
  }
  if (record.from === null) return { ok: false, reason: 'RECORD_UNDATED', recordClass, message: 'The record has no decision date to count its publicity from.' };
  const earliestDate = addMonths(record.from, recordClass.minMonths);
  return today >= earliestDate ? { ok: true, recordClass, earliestDate } : {
    ok: false, reason: 'REPAIR_TOO_EARLY', earliestDate, recordClass,
    message: `The minimum publicity of this record (${recordClass.code}) is ${recordClass.minMonths} months: repair can be applied for from ${earliestDate}.`,
  };
}

/** The refusal of an application whose record fails `repairCheck`: BAD_USER_INPUT with the reason (and the earliest date). */
export function refusal(check: Extract<RepairCheck, { ok: false }>): CreditGraphError {
  return new CreditGraphError('BAD_USER_INPUT', check.message,
    check.reason === 'REPAIR_TOO_EARLY' ? { reason: check.reason, earliestDate: check.earliestDate } : { reason: check.reason });
}

export interface RepairDocument { requirement: string; reference: string }

export interface ApplicationInput {
  commitment: string;
  evidence: string[];
  documents: RepairDocument[];
}

/** An application's commitment, evidence and documents, trimmed and checked (BAD_USER_INPUT naming what is wrong). */
export function applicationInput(
  rules: RepairRules, args: { commitment: string; evidence: readonly string[]; documents?: readonly RepairDocument[] | null },
): ApplicationInput {
  const commitment = requiredText(args.commitment, 'commitment', 2000);
  const evidence = args.evidence.map((e) => e.trim()).filter((e) => e !== '');
  if (evidence.length === 0) throw badUserInput('EVIDENCE_REQUIRED', 'Name at least one piece of evidence of the correction.');
  if (evidence.length > MAX_EVIDENCE || evidence.some((e) => e.length > 500)) {
    throw badUserInput('EVIDENCE_INVALID', `At most ${MAX_EVIDENCE} pieces of evidence of at most 500 characters each.`);
  }
  const documents = (args.documents ?? []).map((d) => ({ requirement: d.requirement, reference: d.reference.trim() })).filter((d) => d.reference !== '');
  if (documents.length > MAX_EVIDENCE || documents.some((d) => d.reference.length > 500 || !rules.requirement(d.requirement))) {
    throw badUserInput('DOCUMENTS_INVALID', `At most ${MAX_EVIDENCE} documents, each naming a requirement of the repair rules and a reference of at most 500 characters.`);
  }
  return { commitment, evidence, documents };
}

/** Throws REQUIREMENTS_MISSING (with the codes) when the class asks for named documents the application lacks. */
export function requireDocuments(rules: RepairRules, recordClass: RepairClass, documents: readonly RepairDocument[]): void {
  const brought = new Set(documents.map((d) => d.requirement));
  const missing = recordClass.requirements.filter((code) => rules.requirement(code)?.given === 'document' && !brought.has(code));
  if (missing.length === 0) return;
  throw new CreditGraphError('BAD_USER_INPUT', `A ${recordClass.code} repair needs: ${missing.map((m) => rules.requirement(m)!.name).join('、')}.`,
    { reason: 'REQUIREMENTS_MISSING', missing });
}

/**
 * The catalogue department whose name a record's source department carries (the longest such name:
 * 深圳市市场监督管理局 is samr's), or null: no department of the catalogue, the platform's own.
 */
export function departmentNamed(departments: readonly { code: string; name: string }[], sourceDepartment: string): string | null {
  const named = departments.filter((d) => sourceDepartment.includes(d.name)).sort((a, b) => b.name.length - a.name.length)[0];
  return named?.code ?? null;
}

/** The answer to "when and with what can this record be repaired", apart from the record's own fields. */
export function eligibilityOf(rules: RepairRules, check: RepairCheck) {
  const c = check.recordClass;
  return {
    recordClass: c?.code ?? null,
    repairable: check.ok,
    reason: check.ok ? null : check.reason,
    message: check.ok ? null : check.message,
    earliestDate: check.ok || check.reason === 'REPAIR_TOO_EARLY' ? check.earliestDate : null,
    requirements: (c?.requirements ?? []).map((code) => rules.requirement(code)!),
    decidedBy: c?.decidedBy ?? null,
    source: c?.source ?? null,
  };
}

/** A repair application as the workflow steps see it, in either subgraph's table. */
export interface RepairCase {
  id: string;
  status: string;
  dueOn: string;
  extended: boolean;
  departmentCode: string | null;
}

/** The case, or NOT_FOUND; INVALID_STATE unless it is still PENDING. */
export function pendingCase<T extends RepairCase>(row: T | null, id: string): T {
  if (!row) throw notFound('repair application', id);
  if (row.status !== 'PENDING') throw invalidState(`The application is ${row.status}; this step needs PENDING.`, row.status);
  return row;
}

export const raced = (id: string): CreditGraphError => invalidState(`The application ${id} was changed by another request; reload it.`, 'CHANGED');

/** A subgraph's repair application table as the steps here need it (its db/repairs.ts). */
export interface RepairStore<T extends RepairCase> {
  find(id: string): Promise<T | null>;
  /** Updates a PENDING application (and `extraWhere`); null when it is no longer so. */
  updatePending(id: string, extraWhere: { extended: false }, data: { extended: true; dueOn: string }): Promise<T | null>;
}

/** The operator extends a pending case's deadline by EXTENSION_DAYS, once, before it passes. */
export async function extendCase<T extends RepairCase>(
  store: RepairStore<T>, principal: Principal, id: string, at: { calendar: HolidayCalendar; today: string },
): Promise<T> {
  requireOperator(principal);
  const current = pendingCase(await store.find(id), id);
  if (current.extended) throw badUserInput('ALREADY_EXTENDED', 'The decision deadline has already been extended once.');
  if (current.dueOn < at.today) throw badUserInput('DEADLINE_PASSED', `The decision deadline ${current.dueOn} has passed; it can no longer be extended.`);
  const row = await store.updatePending(id, { extended: false }, { extended: true, dueOn: addWorkingDays(at.calendar, current.dueOn, EXTENSION_DAYS) });
  if (!row) throw raced(id);
  return row;
}

export interface Decider { kind: 'DEPARTMENT' | 'OPERATOR' | 'RULE'; id: string }
export type Decision = Decider & { approve: boolean; note: string };

/** A class decided ON_APPLICATION is granted as it arrives (Bao'an, seed 000), by the rules. */
export const grantedByRule = (c: RepairClass): Decision =>
  ({ approve: true, note: `${c.code}: granted on application (${c.source})`, kind: 'RULE', id: 'repair-rules' });

/** The columns a decision writes on its application (no longer pending). */
export const decisionColumns = (d: Decision, at: Date) =>
  ({ status: d.approve ? 'APPROVED' : 'REJECTED', decidedAt: at, decidedBy: d.id, decidedByKind: d.kind, decisionNote: d.note, pendingKey: null });

/** FORBIDDEN unless the caller may decide some repair application: an operator or a source department. */
export function requireDecider(principal: Principal): void {
  if (!isOperator(principal) && !isInstitutionOfKind(principal, 'SOURCE_DEPARTMENT')) {
    throw forbidden('Only the department the application is routed to, or an operator, decides it.');
  }
}

/**
 * Who may decide `app`: the department it is routed to; an operator only when no department owns it
 * or its deadline has passed (the operator oversees deadlines and takes over an overdue case).
 */
export function deciderOf(principal: Principal, app: RepairCase, today: string): Decider {
  const p = principal;
  if (isInstitutionOfKind(p, 'SOURCE_DEPARTMENT') && app.departmentCode !== null && departmentScope(p.scopes) === app.departmentCode) {
    return { kind: 'DEPARTMENT', id: p.institutionId };
  }
  if (isOperator(p) && (app.departmentCode === null || app.dueOn < today)) return { kind: 'OPERATOR', id: p.operatorId };
  throw forbidden(app.departmentCode === null
    ? 'Only a platform operator decides an application no department owns.'
    : `The application is routed to department ${app.departmentCode} (谁处罚、谁修复); an operator takes it over only once its deadline ${app.dueOn} has passed.`);
}

/** Whose pending applications the caller lists: every one (undefined) for an operator, its own department's for a source department. */
export function pendingScope(principal: Principal): string | undefined {
  if (isOperator(principal)) return undefined;
  const department = isInstitutionOfKind(principal, 'SOURCE_DEPARTMENT') ? departmentScope(principal.scopes) : null;
  if (department === null) throw forbidden('Pending repairs are for operators and the departments they are routed to.');
  return department;
}
