/**
 * A department withdraws a record it sent: the archive row becomes WITHDRAWN (no longer disclosed,
 * as an upheld objection leaves it), the registry records the withdrawal as the record's next
 * version with the reason, and the change log, the list feed, a receipt and the day's counters say
 * so — all in one transaction. Withdrawing a withdrawn record again changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { CatalogueItem } from '../../../lib/catalogue/index.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { notFound } from '../../../lib/workflow.ts';
import { appendChangeEvents } from '../db/change-log.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from '../db/client.ts';
import { addToDailyStats, addToReceipt, createReceipt, findCollected, insertCollected, updateCollected, zeroCounts } from '../db/collection.ts';
import { listEntryEvent } from '../db/list-changes.ts';
import { SLOT_TABLES } from './archive.ts';
import type { RecordResult, Sender } from './submit.ts';

export async function withdrawCollected(
  db: Db, w: {
    item: CatalogueItem; sender: Sender; recordId: string; reason: string; receiptId: string; now: Date; today: string; provider: DatabaseProvider;
  },
): Promise<RecordResult> {
  const { item, sender } = w;
  const slot = item.slot;
  if (slot === 'OVERVIEW') {
    throw badUserInput('NOT_WITHDRAWABLE', 'An overview is not withdrawn: send its registration status (注销, 吊销) instead.');
  }
  return transaction(db, async (tx) => {
    const [collected] = await findCollected(db, sender.departmentCode, item.code, [w.recordId]);
    // Another department's record is as unknown to this one as a record never sent.
    if (!collected) throw notFound(`record of item ${item.code} sent by department ${sender.departmentCode}`, w.recordId);
    const counts = zeroCounts();
    counts.submitted = 1;
    const result: RecordResult = {
      index: 0, recordId: w.recordId, outcome: 'UNCHANGED', archiveRecordId: collected.archiveId, version: collected.version,
      reason: null, field: null, message: null, warnings: [],
    };
    await createReceipt(tx, {
      id: w.receiptId, departmentCode: sender.departmentCode, itemCode: item.code, channel: 'API', status: 'DONE',
      actorKind: sender.actorKind, actorId: sender.actorId, receivedAt: w.now, finishedAt: w.now,
    });
    if (collected.state !== 'WITHDRAWN') {
      const version = collected.version + 1;
      await SLOT_TABLES[slot].delegate(tx).update({ where: { id: collected.archiveId }, data: { status: 'WITHDRAWN' } });
      await updateCollected(tx, collected.id, { state: 'WITHDRAWN', version, lastReceivedAt: w.now });
      await insertCollected(tx, w.provider, [], [{
        recordId: collected.id, version, action: 'WITHDRAWN', receiptId: w.receiptId, receivedAt: w.now,
        contentHash: collected.contentHash, data: JSON.stringify({ reason: w.reason }),
      }]);
      const extra = { itemCode: item.code, departmentCode: sender.departmentCode, version };
      if (slot === 'RED_LIST' || slot === 'BLACK_LIST') {
        const entry = (await tx.prisma.listEntry.findUnique({ where: { id: collected.archiveId } }))!;
        await appendChangeEvents(tx, [listEntryEvent(entry, 'REMOVED', 'COLLECTION', extra)], w.now, w.provider);
      } else {
        await appendChangeEvents(tx, [{
          type: 'RECORD_WITHDRAWN', subjectKind: 'LEGAL_PERSON', subject: collected.subject, category: item.slot,
          recordType: collected.recordType, recordId: collected.archiveId, source: 'COLLECTION', ...extra,
        }], w.now, w.provider);
      }
      counts.withdrawn = 1;
      Object.assign(result, { outcome: 'WITHDRAWN', version });
    } else {
      counts.unchanged = 1;
    }
    await addToReceipt(tx, w.receiptId, counts);
    await addToDailyStats(tx, { departmentCode: sender.departmentCode, itemCode: item.code, day: w.today }, {
      deliveries: 0, counts, usccErrors: 0, timed: 0, onTime: 0, lagDays: 0, rejectedByReason: new Map(),
    });
    return result;
  });
}

export const newReceiptId = (): string => randomUUID();
