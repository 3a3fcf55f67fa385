/**
 * Items whose records another subgraph writes (natural persons: the person subgraph, issue 13). The
 * records go there (lib/collection/forward.ts, signed as the caller, at most a batch a call); what
 * the department sees of its deliveries stays here, one ledger for every item: the receipt (a
 * submitRecords call's, or the bulk job's, so `ingestJob` and the rejected-rows CSV work as for
 * legal persons), the rejected rows with every ID number masked, and the day's quality counters
 * that `dataQuality` reads.
 *
 * The ledger is written after the owner's transaction committed, so a crash between the two leaves
 * records in without their counts; sending the same call or file again is safe (the owner answers
 * UNCHANGED for what it already has) and counts it.
 */
import type { Caller } from '../../../lib/caller.ts';
import type { CollectionPeer } from '../../../lib/collection/forward.ts';
import type { RecordResult, Sender } from '../../../lib/collection/submission.ts';
import { normalizeDate, type Values } from '../../../lib/collection/validate.ts';
import { deadlineDaysOf, type CatalogueItem } from '../../../lib/catalogue/index.ts';
import { transaction } from '../../../lib/db/client.ts';
import { maskIdNumber } from '../../../lib/identifiers/masking.ts';
import type { Db } from '../db/client.ts';
import { addToDailyStats, addToReceipt, createReceipt, insertRejections, zeroCounts, type Counts, type DayStat } from '../db/collection.ts';
import type { Batch } from './submit.ts';
import { lagOf } from './prepare.ts';

/**
 * Every run of 18 ID-number characters masked, valid or not: a number failing its check character
 * is as personal as a good one (maskIfIdNumber, for legal-person rows, masks only valid numbers).
 */
export function maskIdNumbersIn(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, (id) => maskIdNumber(id));
  if (Array.isArray(value)) return value.map(maskIdNumbersIn);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskIdNumbersIn(v)]));
  return value;
}

/** The item's dates as sent, normalized, for the timeliness counters. */
function datesOf(item: CatalogueItem, raw: unknown): Values {
  const out: Values = {};
  if (raw === null || typeof raw !== 'object') return out;
  for (const f of item.fields) {
    const v = (raw as Record<string, unknown>)[f.name];
    if (f.type === 'DATE' && typeof v === 'string') out[f.name] = normalizeDate(v.trim());
  }
  return out;
}

/** Sends one batch to the owning subgraph and writes its receipt, rejections and counters here. */
export async function submitForwarded(
  db: Db, peer: CollectionPeer, caller: Caller, b: Batch,
): Promise<{ results: RecordResult[]; counts: Counts }> {
  const { item, sender } = b;
  // A line of a file that is not a record is rejected here; the rest go to the owner, in order.
  const sendable = b.records.filter((r) => r.malformed === undefined);
  const answered = sendable.length === 0 ? [] : (await peer.submit({
    item: item.code, records: sendable.map((r) => r.value), department: sender.departmentCode, receiptId: b.receiptId,
  }, caller)).results;
  const byPosition = new Map(answered.map((r, i) => [sendable[i]!.position, r]));
  const counts = zeroCounts();
  const stat: DayStat = { deliveries: b.delivery ? 1 : 0, counts, usccErrors: 0, timed: 0, onTime: 0, lagDays: 0, rejectedByReason: new Map() };
  const deadline = deadlineDaysOf(item);
  const rejections: Parameters<typeof insertRejections>[2] = [];
  const results: RecordResult[] = [];
  for (const r of b.records) {
    const result: RecordResult = byPosition.get(r.position)
      ? { ...byPosition.get(r.position)!, index: r.position }
      : { index: r.position, recordId: null, outcome: 'REJECTED', archiveRecordId: null, version: null, reason: 'MALFORMED_ROW', field: null, message: r.malformed ?? null, warnings: [] };
    results.push(result);
    counts.submitted++;
    if (result.outcome === 'REJECTED') {
      counts.rejected++;
      stat.rejectedByReason.set(result.reason!, (stat.rejectedByReason.get(result.reason!) ?? 0) + 1);
      rejections.push({
        receiptId: b.receiptId, position: r.position, sourceRecordId: result.recordId, reason: result.reason!, field: result.field,
        message: result.message ?? '', row: JSON.stringify(maskIdNumbersIn(r.value)) ?? 'null',
      });
      continue;
    }
    if (result.outcome === 'UNCHANGED') { counts.unchanged++; continue; }
    counts[result.outcome === 'ACCEPTED' ? 'accepted' : 'updated']++;
    const lag = lagOf(item, datesOf(item, r.value), b.today);
    if (lag !== null) {
      stat.timed++;
      stat.lagDays += lag;
      if (lag <= deadline) stat.onTime++;
    }
  }
  await transaction(db, async (tx) => {
    if (b.openReceipt) await openReceipt(tx, b, sender);
    await insertRejections(tx, b.provider, rejections);
    await addToReceipt(tx, b.receiptId, counts);
    await addToDailyStats(tx, { departmentCode: sender.departmentCode, itemCode: item.code, day: b.today }, stat);
  });
  return { results, counts };
}

function openReceipt(tx: Parameters<typeof createReceipt>[0], b: Pick<Batch, 'receiptId' | 'item' | 'now' | 'openReceipt'>, sender: Sender) {
  const channel = b.openReceipt?.channel ?? 'API';
  return createReceipt(tx, {
    id: b.receiptId, departmentCode: sender.departmentCode, itemCode: b.item.code, channel, status: channel === 'API' ? 'DONE' : 'RUNNING',
    actorKind: sender.actorKind, actorId: sender.actorId, format: b.openReceipt?.format ?? null, encoding: b.openReceipt?.encoding ?? null,
    receivedAt: b.now, finishedAt: channel === 'API' ? b.now : null,
  });
}

/** A withdrawal the owner made: its receipt and the day's withdrawn count here. */
export async function recordForwardedWithdrawal(
  db: Db, w: { item: CatalogueItem; sender: Sender; receiptId: string; now: Date; today: string; result: RecordResult },
): Promise<void> {
  const counts = { ...zeroCounts(), submitted: 1, withdrawn: w.result.outcome === 'WITHDRAWN' ? 1 : 0, unchanged: w.result.outcome === 'WITHDRAWN' ? 0 : 1 };
  await transaction(db, async (tx) => {
    await openReceipt(tx, { receiptId: w.receiptId, item: w.item, now: w.now, openReceipt: { channel: 'API' } }, w.sender);
    await addToReceipt(tx, w.receiptId, counts);
    await addToDailyStats(tx, { departmentCode: w.sender.departmentCode, itemCode: w.item.code, day: w.today }, {
      deliveries: 0, counts, usccErrors: 0, timed: 0, onTime: 0, lagDays: 0, rejectedByReason: new Map(),
    });
  });
}
