/**
 * The registry of collected records every subgraph that writes a subject's records keeps (issue 13:
 * the person subgraph for natural persons, the social-org subgraph for social organisations): one
 * forwarded call checked record by record and written in ONE transaction with everything it
 * changes — the archive rows, the registry entry and every version, whatever the owner logs of the
 * change, and the receipt. A rejected record never stops the others.
 *
 * Idempotent by (department, item, the department's own record id): the same values again are
 * UNCHANGED; changed values are the record's next version (the archive row updated in place, so its
 * id stays; the old values kept as a version). What is particular to a subject — how it is found
 * in the owner's archive, which table and columns a record becomes, a change log — is the owner's
 * `Archive`; the tables of the registry are its `RegistryStore` (`prismaRegistry()` over the owner's tables).
 */
import { randomUUID } from 'node:crypto';
import type { CatalogueItem } from '../catalogue/index.ts';
import { notFound } from '../workflow.ts';
import type { ReceiptCounts, RecordResult, Sender, Warning } from './submission.ts';
import { contentHash, type Checked, type RejectionReason, type Valid, type Values } from './validate.ts';

/** A registry entry (CollectedRecord): the department's record and the archive row it became. */
export interface CollectedRow {
  id: string;
  archiveId: string;
  departmentCode: string;
  itemCode: string;
  sourceRecordId: string;
  recordType: string;
  /** The subject's key in the owner's archive (a person's id, an organisation's USCC). */
  subject: string;
  version: number;
  contentHash: string;
  state: string;
  firstReceivedAt: Date;
  lastReceivedAt: Date;
}

/** One version of a record as received (CollectedRecordVersion). */
export interface VersionRow {
  recordId: string;
  version: number;
  action: 'ACCEPTED' | 'UPDATED' | 'WITHDRAWN';
  receiptId: string;
  receivedAt: Date;
  contentHash: string;
  /** JSON of the values as kept (a withdrawal: the reason). */
  data: string;
}

/** A receipt's row (CollectionReceipt), its counts added to when it exists (a bulk job's spans several calls). */
export interface ReceiptRow extends ReceiptCounts {
  id: string;
  departmentCode: string;
  itemCode: string;
  channel: string;
  actorKind: string;
  actorId: string;
  receivedAt: Date;
}

/** The owner's registry tables (its db/collection.ts). */
export interface RegistryStore<Tx> {
  find(tx: Tx, departmentCode: string, itemCode: string, sourceRecordIds: readonly string[]): Promise<CollectedRow[]>;
  save(tx: Tx, row: CollectedRow, isNew: boolean, version: VersionRow): Promise<void>;
  addToReceipt(tx: Tx, data: ReceiptRow): Promise<unknown>;
}

/** The registry's tables as the owner's Prisma transaction client offers them (the same models in each database). */
export interface RegistryTables {
  collectedRecord: {
    findMany(args: { where: { departmentCode: string; itemCode: string; sourceRecordId: { in: string[] } } }): Promise<CollectedRow[]>;
    create(args: { data: CollectedRow }): Promise<unknown>;
    update(args: { where: { id: string }; data: CollectedRow }): Promise<unknown>;
  };
  collectedRecordVersion: { create(args: { data: VersionRow }): Promise<unknown> };
  collectionReceipt: { upsert(args: { where: { id: string }; create: ReceiptRow; update: ReturnType<typeof receiptIncrements> }): Promise<unknown> };
}

/**
 * The RegistryStore over the owner's CollectedRecord, CollectedRecordVersion and CollectionReceipt
 * tables (the person and the social-org databases have them alike).
 */
export function prismaRegistry<Tx extends { readonly prisma: RegistryTables }>(): RegistryStore<Tx> {
  return {
    find: (tx, departmentCode, itemCode, sourceRecordIds) =>
      tx.prisma.collectedRecord.findMany({ where: { departmentCode, itemCode, sourceRecordId: { in: [...sourceRecordIds] } } }),
    async save(tx, row, isNew, version) {
      if (isNew) await tx.prisma.collectedRecord.create({ data: row });
      else await tx.prisma.collectedRecord.update({ where: { id: row.id }, data: row });
      await tx.prisma.collectedRecordVersion.create({ data: version });
    },
    // A receipt's counts added (a bulk job's receipt spans several calls).
    addToReceipt: (tx, data) => tx.prisma.collectionReceipt.upsert({ where: { id: data.id }, create: data, update: receiptIncrements(data) }),
  };
}

/** The registry tables as retention uses them (the enterprise, person and social-org databases alike). */
export interface ForgettingTables {
  collectedRecord: {
    findMany(args: { where: { archiveId: { in: string[] }; recordType: string }; select: { id: true } }): Promise<{ id: string }[]>;
    updateMany(args: { where: { id: { in: string[] } }; data: { state: 'DELETED'; lastReceivedAt: Date } }): Promise<unknown>;
  };
  collectedRecordVersion: { deleteMany(args: { where: { recordId: { in: string[] } } }): Promise<unknown> };
}

/**
 * After retention deleted archive rows: the values a department sent for them live on in their
 * versions, which go too; the registry entry stays (DELETED), so the department's own id is not
 * taken as new again.
 */
export async function forgetCollected(tables: ForgettingTables, recordType: string, archiveIds: readonly string[], now: Date): Promise<void> {
  const collected = await tables.collectedRecord.findMany({ where: { archiveId: { in: [...archiveIds] }, recordType }, select: { id: true } });
  const ids = collected.map((c) => c.id);
  if (ids.length === 0) return;
  await tables.collectedRecordVersion.deleteMany({ where: { recordId: { in: ids } } });
  await tables.collectedRecord.updateMany({ where: { id: { in: ids } }, data: { state: 'DELETED', lastReceivedAt: now } });
}

/** A record's subject as the owner finds it, or why the record is refused. */
export type Resolved =
  | { ok: true; subject: string; hashed: Values; kept: Values; warnings: Warning[] }
  | { ok: false; reason: RejectionReason; field: string | null; message: string };

/** What is particular to the owner's subjects. */
export interface Archive<Tx> {
  /** The table a record of the item becomes. */
  recordType: string;
  /**
   * The subject of a valid record: its key in the archive, the values the content hash is taken
   * over (`hashed`) and the values kept in the version (`kept`); or a refusal.
   */
  resolve(check: Valid): Resolved;
  /** Writes (isNew) or updates archive row `archiveId`. */
  write(tx: Tx, w: { archiveId: string; subject: string; values: Values; isNew: boolean; version: number }): Promise<void>;
  /** Takes the row back; `version` is the registry entry's next version. */
  withdraw(tx: Tx, row: CollectedRow, version: number): Promise<void>;
  /** Last in the transaction, after the loop: e.g. the change-log events gathered. */
  flush?(tx: Tx): Promise<void>;
}

/** Runs the work in one transaction of the owner's database. */
export type Run<Tx> = <R>(work: (tx: Tx) => Promise<R>) => Promise<R>;

export interface RegistryCall {
  item: CatalogueItem;
  sender: Sender;
  receiptId: string;
  now: Date;
}

/** A receipt's counts as increments (the `update` of the owner's upsert). */
export const receiptIncrements = (c: ReceiptCounts) => ({
  submitted: { increment: c.submitted }, accepted: { increment: c.accepted }, updated: { increment: c.updated },
  unchanged: { increment: c.unchanged }, rejected: { increment: c.rejected }, withdrawn: { increment: c.withdrawn },
});

export const zeroCounts = (): ReceiptCounts => ({ submitted: 0, accepted: 0, updated: 0, unchanged: 0, rejected: 0, withdrawn: 0 });

const receiptOf = (c: RegistryCall, counts: ReceiptCounts): ReceiptRow => ({
  id: c.receiptId, departmentCode: c.sender.departmentCode, itemCode: c.item.code, channel: 'API',
  actorKind: c.sender.actorKind, actorId: c.sender.actorId, receivedAt: c.now, ...counts,
});

/** Decides and writes one call's checked records in one transaction. */
export function submitToRegistry<Tx>(
  run: Run<Tx>, store: RegistryStore<Tx>, archive: Archive<Tx>, c: RegistryCall, checked: readonly Checked[],
): Promise<{ results: RecordResult[]; counts: ReceiptCounts }> {
  const { item, sender } = c;
  return run(async (tx) => {
    const stored = new Map((await store.find(tx, sender.departmentCode, item.code, checked.flatMap((k) => (k.ok ? [k.recordId] : []))))
      .map((row) => [row.sourceRecordId, row]));
    const counts = zeroCounts();
    const results: RecordResult[] = [];
    for (const [index, check] of checked.entries()) {
      counts.submitted++;
      const result: RecordResult = {
        index, recordId: check.recordId, outcome: 'REJECTED', archiveRecordId: null, version: null, reason: null, field: null, message: null, warnings: [],
      };
      results.push(result);
      const previous = check.ok ? stored.get(check.recordId) : undefined;
      const found: Resolved = !check.ok ? check
        : previous?.state === 'WITHDRAWN' ? { ok: false, reason: 'RECORD_WITHDRAWN', field: 'recordId', message: `record ${check.recordId} was withdrawn` }
        : archive.resolve(check);
      if (!found.ok) {
        Object.assign(result, { reason: found.reason, field: found.field, message: found.message });
        counts.rejected++;
        continue;
      }
      result.warnings.push(...found.warnings);
      const hash = contentHash(found.hashed);
      if (previous && previous.contentHash === hash) {
        Object.assign(result, { outcome: 'UNCHANGED', archiveRecordId: previous.archiveId, version: previous.version });
        counts.unchanged++;
        continue;
      }
      const outcome = previous ? 'UPDATED' : 'ACCEPTED';
      const row: CollectedRow = previous
        ? { ...previous, subject: found.subject, version: previous.version + 1, contentHash: hash, lastReceivedAt: c.now }
        : {
          id: randomUUID(), archiveId: randomUUID(), departmentCode: sender.departmentCode, itemCode: item.code, sourceRecordId: (check as Valid).recordId,
          recordType: archive.recordType, subject: found.subject, version: 1, contentHash: hash, state: 'ACTIVE', firstReceivedAt: c.now, lastReceivedAt: c.now,
        };
      await archive.write(tx, { archiveId: row.archiveId, subject: found.subject, values: (check as Valid).values, isNew: !previous, version: row.version });
      await store.save(tx, row, !previous, {
        recordId: row.id, version: row.version, action: outcome, receiptId: c.receiptId, receivedAt: c.now, contentHash: hash, data: JSON.stringify(found.kept),
      });
      stored.set(row.sourceRecordId, row);
      Object.assign(result, { outcome, archiveRecordId: row.archiveId, version: row.version });
      counts[outcome === 'ACCEPTED' ? 'accepted' : 'updated']++;
    }
    await archive.flush?.(tx);
    await store.addToReceipt(tx, receiptOf(c, counts));
    return { results, counts };
  });
}

/**
 * The department that sent a record withdraws it: the archive takes the row back, the registry
 * keeps the withdrawal as the next version with the reason, and a receipt says so, in one
 * transaction. Again: UNCHANGED. Another department's record is as unknown as one never sent.
 */
export function withdrawFromRegistry<Tx>(
  run: Run<Tx>, store: RegistryStore<Tx>, archive: Archive<Tx>, c: RegistryCall & { recordId: string; reason: string },
): Promise<{ result: RecordResult; counts: ReceiptCounts }> {
  const { item, sender } = c;
  return run(async (tx) => {
    const [row] = await store.find(tx, sender.departmentCode, item.code, [c.recordId]);
    if (!row) throw notFound(`record of item ${item.code} sent by department ${sender.departmentCode}`, c.recordId);
    const counts = { ...zeroCounts(), submitted: 1 };
    const result: RecordResult = {
      index: 0, recordId: c.recordId, outcome: 'UNCHANGED', archiveRecordId: row.archiveId, version: row.version,
      reason: null, field: null, message: null, warnings: [],
    };
    if (row.state === 'WITHDRAWN') counts.unchanged = 1;
    else {
      const next = { ...row, state: 'WITHDRAWN', version: row.version + 1, lastReceivedAt: c.now };
      await archive.withdraw(tx, row, next.version);
      await store.save(tx, next, false, {
        recordId: row.id, version: next.version, action: 'WITHDRAWN', receiptId: c.receiptId, receivedAt: c.now,
        contentHash: row.contentHash, data: JSON.stringify({ reason: c.reason }),
      });
      await archive.flush?.(tx);
      counts.withdrawn = 1;
      Object.assign(result, { outcome: 'WITHDRAWN', version: next.version });
    }
    await store.addToReceipt(tx, receiptOf(c, counts));
    return { result, counts };
  });
}
