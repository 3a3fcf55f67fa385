/**
 * What every collecting subgraph shares about a submission (issue 13): the per-record outcome and
 * the receipt as the schema shows them, who may send an item (the sender rules), and the limits of
 * one call. The enterprise subgraph collects legal-person items and answers the one
 * `submitRecords` / `withdrawRecord` mutation; it hands natural-person items to the person
 * subgraph (lib/collection/forward.ts), which applies these same rules again to the caller it is
 * given rather than trusting the enterprise subgraph's decision.
 */
import { departmentScope, type Principal } from '../caller.ts';
import type { Catalogue, CatalogueItem } from '../catalogue/index.ts';
import { badUserInput, forbidden } from '../errors.ts';
import type { RejectionReason } from './validate.ts';

/** At most this many records per submitRecords call (a monthly load goes through POST /ingest/<item>). */
export const MAX_RECORDS_PER_CALL = 1000;

export type Outcome = 'ACCEPTED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED' | 'WITHDRAWN';

export interface Warning { code: string; field: string | null; message: string }

export interface RecordResult {
  /** The record's position: its index in the call, or its line in a file. */
  index: number;
  recordId: string | null;
  outcome: Outcome;
  archiveRecordId: string | null;
  version: number | null;
  reason: RejectionReason | null;
  field: string | null;
  message: string | null;
  warnings: Warning[];
}

/** Who submits: the department the records are from, and who acted (the department's key or an operator). */
export interface Sender {
  departmentCode: string;
  /** Written as the records' sourceDepartment. */
  departmentName: string;
  actorKind: 'INSTITUTION' | 'OPERATOR';
  actorId: string;
}

/** The counts of a receipt (SubmissionReceipt). */
export interface ReceiptCounts {
  submitted: number;
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  withdrawn: number;
}

/** SubmissionReceipt as the resolvers return it. */
export interface Receipt extends ReceiptCounts {
  id: string;
  item: string;
  department: string;
  receivedAt: Date;
  results: RecordResult[];
}

/** A result as the schema shows it: the field named by its path in the call (`records[3].decisionDate`). */
export const withPath = (r: RecordResult): RecordResult => ({ ...r, field: r.field === null ? null : `records[${r.index}].${r.field}` });

/** The catalogue item `code`, or BAD_USER_INPUT UNKNOWN_ITEM. */
export function catalogueItem(catalogue: Catalogue, code: string): CatalogueItem {
  const item = catalogue.item(code);
  if (!item) throw badUserInput('UNKNOWN_ITEM', `The catalogue (version ${catalogue.version}) has no item ${JSON.stringify(code)}.`);
  return item;
}

/** BAD_USER_INPUT TOO_MANY_RECORDS past MAX_RECORDS_PER_CALL. */
export function checkCallSize(item: CatalogueItem, count: number): void {
  if (count > MAX_RECORDS_PER_CALL) {
    throw badUserInput('TOO_MANY_RECORDS', `At most ${MAX_RECORDS_PER_CALL} records per call (got ${count}); send larger loads to POST /ingest/${item.code}.`);
  }
}

/**
 * Who submits `item`, or FORBIDDEN: a SOURCE_DEPARTMENT institution submits as the department its
 * `department:<code>` scope names, only items the catalogue names that department for; an operator
 * submits for any provider of the item, named by `department` unless the item has only one.
 */
export function senderFor(principal: Principal, catalogue: Catalogue, item: CatalogueItem, department?: string | null): Sender {
  if (principal.kind === 'INSTITUTION' && principal.institutionKind === 'SOURCE_DEPARTMENT') {
    const code = departmentScope(principal.scopes);
    if (code === null || (department != null && department !== code) || !item.providers.includes(code)) {
      throw forbidden(`The catalogue does not name this department for item ${item.code}.`);
    }
    return { departmentCode: code, departmentName: principal.institutionName, actorKind: 'INSTITUTION', actorId: principal.institutionId };
  }
  if (principal.kind === 'OPERATOR') {
    const code = department ?? (item.providers.length === 1 ? item.providers[0]! : null);
    if (code === null) throw badUserInput('DEPARTMENT_REQUIRED', `Item ${item.code} has several providers (${item.providers.join(', ')}): name the department.`);
    if (!item.providers.includes(code)) throw badUserInput('DEPARTMENT_NOT_PROVIDER', `The catalogue does not name department ${code} for item ${item.code}.`);
    return { departmentCode: code, departmentName: catalogue.department(code)!.name, actorKind: 'OPERATOR', actorId: principal.operatorId };
  }
  throw forbidden('Only source departments and operators submit records.');
}
