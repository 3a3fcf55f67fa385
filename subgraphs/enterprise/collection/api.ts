/**
 * The collection mutations: who may submit which item (a source department the items the
 * catalogue names it for, an operator any, for a named department), then submit.ts and
 * withdraw.ts do the work.
 */
import { departmentScope, type Caller, type Principal } from '../../../lib/caller.ts';
import type { Catalogue, CatalogueItem } from '../../../lib/catalogue/index.ts';
import { badUserInput, forbidden } from '../../../lib/errors.ts';
import { requiredText } from '../../../lib/workflow.ts';
import type { Context } from '../context.ts';
import { findBulkReceipts, findReceipt, type Counts, type ReceiptRow } from '../db/collection.ts';
import { pageSize } from '../paging.ts';
import { departmentFor } from './quality.ts';
import { submitBatch, type RecordResult, type Sender } from './submit.ts';
import { newReceiptId, withdrawCollected } from './withdraw.ts';

/** At most this many records per submitRecords call (a monthly load goes through POST /ingest/<item>). */
export const MAX_RECORDS_PER_CALL = 1000;

/** The catalogue item `code`, collected by this subgraph (legal persons), or BAD_USER_INPUT. */
export function collectedItem(catalogue: Catalogue, code: string): CatalogueItem {
  const item = catalogue.item(code);
  if (!item) throw badUserInput('UNKNOWN_ITEM', `The catalogue (version ${catalogue.version}) has no item ${JSON.stringify(code)}.`);
  if (item.subjectKind !== 'LEGAL_PERSON') {
    throw badUserInput('ITEM_NOT_SUPPORTED', `Item ${code} is about ${item.subjectKind} subjects; only legal-person items are collected here so far.`);
  }
  // The archive's read path knows one rule for legal persons (public while in publicity): an item
  // that may not be public is refused rather than published.
  if (item.disclosure !== 'PUBLIC') {
    throw badUserInput('ITEM_NOT_SUPPORTED', `Item ${code} is ${item.disclosure}; only PUBLIC legal-person items are collected so far.`);
  }
  return item;
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

export interface Receipt extends Omit<Counts, 'warnings'> {
  id: string;
  item: string;
  department: string;
  receivedAt: Date;
  results: RecordResult[];
}

/** A result as the schema shows it: the field named by its path in the call (`records[3].decisionDate`). */
const withPath = (r: RecordResult): RecordResult => ({ ...r, field: r.field === null ? null : `records[${r.index}].${r.field}` });

export async function submitRecords(
  ctx: Context, args: { item: string; records: readonly unknown[]; department?: string | null },
): Promise<Receipt> {
  const item = collectedItem(ctx.catalogue, args.item);
  const sender = senderFor(ctx.caller.principal, ctx.catalogue, item, args.department);
  if (args.records.length > MAX_RECORDS_PER_CALL) {
    throw badUserInput('TOO_MANY_RECORDS', `At most ${MAX_RECORDS_PER_CALL} records per call (got ${args.records.length}); send larger loads to POST /ingest/${item.code}.`);
  }
  const receiptId = newReceiptId();
  const { results, counts } = await submitBatch(ctx.db, {
    item, sender, receiptId, openReceipt: { channel: 'API' }, now: ctx.now(), today: ctx.today, delivery: true, provider: ctx.db.reader.provider,
    records: args.records.map((value, position) => ({ position, value })),
  });
  ctx.log.info({ receiptId, item: item.code, department: sender.departmentCode, ...counts }, 'records submitted');
  return { id: receiptId, item: item.code, department: sender.departmentCode, receivedAt: ctx.now(), ...counts, results: results.map(withPath) };
}

export async function withdrawRecord(
  ctx: Context, args: { item: string; recordId: string; reason: string; department?: string | null },
): Promise<Receipt> {
  const item = collectedItem(ctx.catalogue, args.item);
  const sender = senderFor(ctx.caller.principal, ctx.catalogue, item, args.department);
  const reason = requiredText(args.reason, 'reason', 2000);
  const receiptId = newReceiptId();
  const result = await withdrawCollected(ctx.db, {
    item, sender, recordId: args.recordId.trim(), reason, receiptId, now: ctx.now(), today: ctx.today, provider: ctx.db.reader.provider,
  });
  return {
    id: receiptId, item: item.code, department: sender.departmentCode, receivedAt: ctx.now(), submitted: 1,
    accepted: 0, updated: 0, unchanged: result.outcome === 'UNCHANGED' ? 1 : 0, rejected: 0,
    withdrawn: result.outcome === 'WITHDRAWN' ? 1 : 0, results: [result],
  };
}

/** At most this many rejections in one `ingestJob { rejections(first:) }`; all of them come as CSV. */
export const MAX_REJECTIONS_PAGE = 1000;

/** A bulk job, for the department that sent it and operators (anyone else: FORBIDDEN, whether or not it exists). */
export async function ingestJob(ctx: Context, args: { id: string }): Promise<ReceiptRow | null> {
  const p = ctx.caller.principal;
  if (p.kind !== 'OPERATOR' && !(p.kind === 'INSTITUTION' && p.institutionKind === 'SOURCE_DEPARTMENT')) {
    throw forbidden('Ingest jobs are seen by the department that sent them and operators.');
  }
  const job = await findReceipt(ctx.db, args.id);
  if (!job || job.channel !== 'BULK') return null;
  if (!mayReadJob(ctx.caller, job.departmentCode)) throw forbidden('Ingest jobs are seen by the department that sent them and operators.');
  return job;
}

/** Bulk jobs, newest first: an operator's of every department (or the one named), a department its own (the same rule as dataQuality). */
export async function ingestJobs(
  ctx: Context, args: { department?: string | null; first?: number | null; after?: string | null },
): Promise<ReceiptRow[]> {
  const department = departmentFor(ctx, args.department, 'ingest jobs');
  const first = pageSize(args.first, 50);
  if (first === 0) return [];
  return findBulkReceipts(ctx.db, { department, first, after: args.after ?? null });
}

/** The department that sent a job, and operators. */
export function mayReadJob(caller: Caller, departmentCode: string): boolean {
  const p = caller.principal;
  return p.kind === 'OPERATOR' ||
    (p.kind === 'INSTITUTION' && p.institutionKind === 'SOURCE_DEPARTMENT' && departmentScope(p.scopes) === departmentCode);
}

/** `rejections(first:)`: 0 to MAX_REJECTIONS_PAGE. */
export function rejectionLimit(first: number | null | undefined): number {
  const n = first ?? 100;
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_REJECTIONS_PAGE) throw badUserInput('FIRST_RANGE', `first must be 0 to ${MAX_REJECTIONS_PAGE}; got ${n}`);
  return n;
}
