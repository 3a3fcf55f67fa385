/**
 * The collection mutations: who may submit which item (a source department the items the
 * catalogue names it for, an operator any, for a named department), then submit.ts and
 * withdraw.ts do the work — or, for a natural person's or a social organisation's item, the
 * person or social-org subgraph, forwarded to (forwarded.ts): ONE mutation for the caller, whoever owns the subject's records.
 */
import { departmentScope, type Caller } from '../../../lib/caller.ts';
import { catalogueItem, checkCallSize, senderFor, withPath, type Receipt, type RecordResult } from '../../../lib/collection/submission.ts';
import type { Catalogue, CatalogueItem } from '../../../lib/catalogue/index.ts';
import type { CollectionPeer } from '../../../lib/collection/forward.ts';
import { badUserInput, forbidden } from '../../../lib/errors.ts';
import { requiredText } from '../../../lib/workflow.ts';
import type { Context } from '../context.ts';
import { findBulkReceipts, findReceipt, type ReceiptRow } from '../db/collection.ts';
import { pageSize } from '../paging.ts';
import { departmentFor } from './quality.ts';
import { recordForwardedWithdrawal, submitForwarded } from './forwarded.ts';
import { submitBatch, type Batch } from './submit.ts';
import { newReceiptId, withdrawCollected } from './withdraw.ts';

export { MAX_RECORDS_PER_CALL, senderFor, type Receipt } from '../../../lib/collection/submission.ts';

/** The catalogue item `code`, collected by this subgraph (legal persons), or BAD_USER_INPUT. */
export function collectedItem(catalogue: Catalogue, code: string): CatalogueItem {
  const item = catalogueItem(catalogue, code);
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

/** The subgraphs that write records collected here but about other subjects (enterprise main.ts). */
export interface CollectionPeers { person: CollectionPeer; socialOrg: CollectionPeer }

/** Natural persons' records are the person subgraph's to write, social organisations' the social-org subgraph's: forwarded (./forwarded.ts). */
const PEER_OF: Partial<Record<CatalogueItem['subjectKind'], keyof CollectionPeers>> = { NATURAL_PERSON: 'person', SOCIAL_ORGANIZATION: 'socialOrg' };

export const isForwarded = (item: CatalogueItem): boolean => PEER_OF[item.subjectKind] !== undefined;

/** The peer that writes a forwarded item's records. */
export const peerFor = (peers: CollectionPeers, item: CatalogueItem): CollectionPeer => peers[PEER_OF[item.subjectKind]!];

/** One peer for the bulk ingest routes: each call goes to the owner of its item's subject. */
export function forwardingPeer(catalogue: Catalogue, peers: CollectionPeers): CollectionPeer {
  const of = (code: string) => peerFor(peers, catalogueItem(catalogue, code));
  return { submit: (p, caller) => of(p.item).submit(p, caller), withdraw: (p, caller) => of(p.item).withdraw(p, caller) };
}

/** An item submitRecords and POST /ingest/<item> take: a legal-person one collected here, or a forwarded one. */
export function collectableItem(catalogue: Catalogue, code: string): CatalogueItem {
  const item = catalogueItem(catalogue, code);
  return isForwarded(item) ? item : collectedItem(catalogue, code);
}

export async function submitRecords(
  ctx: Context, args: { item: string; records: readonly unknown[]; department?: string | null },
): Promise<Receipt> {
  const item = collectableItem(ctx.catalogue, args.item);
  const sender = senderFor(ctx.caller.principal, ctx.catalogue, item, args.department);
  checkCallSize(item, args.records.length);
  const receiptId = newReceiptId();
  const batch: Batch = {
    item, sender, receiptId, openReceipt: { channel: 'API' }, now: ctx.now(), today: ctx.today, delivery: true, provider: ctx.db.reader.provider,
    records: args.records.map((value, position) => ({ position, value })),
  };
  const { results, counts } = isForwarded(item)
    ? await submitForwarded(ctx.db, peerFor(ctx.collection, item), ctx.caller, batch)
    : await submitBatch(ctx.db, batch);
  ctx.log.info({ receiptId, item: item.code, department: sender.departmentCode, ...counts }, 'records submitted');
  return { id: receiptId, item: item.code, department: sender.departmentCode, receivedAt: ctx.now(), ...counts, results: results.map(withPath) };
}

export async function withdrawRecord(
  ctx: Context, args: { item: string; recordId: string; reason: string; department?: string | null },
): Promise<Receipt> {
  const item = collectableItem(ctx.catalogue, args.item);
  const sender = senderFor(ctx.caller.principal, ctx.catalogue, item, args.department);
  const reason = requiredText(args.reason, 'reason', 2000);
  const receiptId = newReceiptId();
  const w = { item, sender, receiptId, now: ctx.now(), today: ctx.today };
  let result: RecordResult;
  if (isForwarded(item)) {
    [result] = (await peerFor(ctx.collection, item).withdraw({ item: item.code, recordId: args.recordId, reason, department: sender.departmentCode, receiptId }, ctx.caller)).results as [RecordResult];
    await recordForwardedWithdrawal(ctx.db, { ...w, result });
  } else {
    result = await withdrawCollected(ctx.db, { ...w, recordId: args.recordId.trim(), reason, provider: ctx.db.reader.provider });
  }
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
