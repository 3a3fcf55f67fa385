/**
 * Submitting records (归集): one batch of a catalogue item from one department, checked record by
 * record and written in ONE transaction with everything it changes — the archive rows, the
 * registry of collected records and every version, the change log (outbox), the partner cities'
 * list feed, the receipt's counts, the rejected rows and the day's quality counters — so a counter
 * never disagrees with the archive. A rejected record never stops the others.
 *
 * Idempotent by (department, item, the department's own record id): the same values again are
 * UNCHANGED and write nothing but counters; changed values are the record's next version (the
 * archive row updated in place, so its id stays; the old values kept in CollectedRecordVersion).
 */
import { setImmediate as turn } from 'node:timers/promises';
import type { ChangeEventInput } from '../../../lib/change-log.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import { deadlineDaysOf, type CatalogueItem } from '../../../lib/catalogue/index.ts';
import type { ListEntry, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { insertTuples } from '../../../lib/db/bulk-insert.ts';
import { appendChangeEvents } from '../db/change-log.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from '../db/client.ts';
import {
  addToDailyStats, addToReceipt, createReceipt, findCollected, findSubjects, insertCollected, insertRejections,
  updateCollected, zeroCounts, type CollectedRecordRow, type Counts, type DayStat,
} from '../db/collection.ts';
import { listChangeKind, listEntryEvent } from '../db/list-changes.ts';
import { timeOrderedId } from '../db/sequence.ts';
import { overviewRow, recordColumnNames, recordTypeOf, SLOT_TABLES } from './archive.ts';
import { prepareRecord, rowOf, type PreparedRecord } from './prepare.ts';
import type { RejectionReason, Values } from '../../../lib/collection/validate.ts';
import type { RecordResult, Sender } from '../../../lib/collection/submission.ts';

// The outcome shapes and the sender are shared with the person subgraph's collection (lib/collection/).
export type { Outcome, RecordResult, Sender, Warning } from '../../../lib/collection/submission.ts';

export interface Batch extends BatchOf {
  /** `malformed`: a row of a file that could not be read as a record (why). */
  records: ReadonlyArray<{ position: number; value: unknown; malformed?: string }>;
}

/** A batch whose records are already prepared (./prepare.ts): what the writer needs besides them. */
export interface BatchOf {
  item: CatalogueItem;
  sender: Sender;
  receiptId: string;
  /** The receipt to open with this batch (a submitRecords call); null: it exists (a bulk job). */
  openReceipt: { channel: 'API' | 'BULK'; format?: string; encoding?: string } | null;
  now: Date;
  today: string;
  /** Counts as one delivery for compliance (a call, or the first batch of a file). */
  delivery: boolean;
  /** The database behind `db`: the bulk inserts bind values per provider. */
  provider: DatabaseProvider;
}

const USCC_REASONS = new Set<string>(['USCC_FORMAT', 'USCC_CHECK_DIGIT']);
const LIST_SLOTS = new Set(['RED_LIST', 'BLACK_LIST']);
/** Records checked between two turns of the event loop (before the batch's transaction opens). */
const TURN_EVERY = 256;

interface State {
  collected: CollectedRecordRow;
  isNew: boolean;
  dirty: boolean;
  /** The values as JSON (prepare.ts). */
  data: string;
  /** The archive row's columns in recordColumnNames order (null: an overview record). */
  columns: unknown[] | null;
  legacyCode: boolean;
}

interface Plan {
  results: RecordResult[];
  counts: Counts;
  stat: DayStat;
  states: Map<string, State>;
  versions: Prisma.CollectedRecordVersionCreateManyInput[];
  rejections: Prisma.CollectionRejectionCreateManyInput[];
  events: Array<{ outcome: 'ACCEPTED' | 'UPDATED'; state: State }>;
}

/**
 * Every record prepared (./prepare.ts), in slices with a turn of the event loop between, BEFORE the
 * batch's transaction opens: a batch's checks would otherwise hold the subgraph's requests for
 * their whole time (bench/ingest-serving.ts). Nothing yields inside the transaction: Prisma's SQLite
 * adapter runs another request's plain statements on the same connection, so they would land in it.
 * (A bulk job prepares its rows in a worker thread instead: ./ingest/pipeline.ts.)
 */
async function prepareAll(b: Batch): Promise<PreparedRecord[]> {
  const prepared: PreparedRecord[] = [];
  for (const r of b.records) {
    if (prepared.length % TURN_EVERY === TURN_EVERY - 1) await turn();
    prepared.push(prepareRecord(b.item, b.sender.departmentName, b.today, r.position, r.value, r.malformed));
  }
  return prepared;
}

/** Decides every record's outcome against what is stored; writes nothing. */
async function plan(db: Db, tx: Tx, b: BatchOf, checked: readonly PreparedRecord[]): Promise<Plan> {
  const { item, sender } = b;
  const valid = checked.flatMap((c) => (c.check.ok ? [c.check] : []));
  const [existing, subjects] = await Promise.all([
    findCollected(db, sender.departmentCode, item.code, valid.map((v) => v.recordId), tx),
    findSubjects(db, valid.map((v) => v.subject), tx),
  ]);
  const stored = new Map(existing.map((c) => [c.sourceRecordId, c]));
  const p: Plan = {
    results: [], counts: zeroCounts(), states: new Map(), versions: [], rejections: [], events: [],
    stat: { deliveries: b.delivery ? 1 : 0, counts: zeroCounts(), usccErrors: 0, timed: 0, onTime: 0, lagDays: 0, rejectedByReason: new Map() },
  };
  const deadline = deadlineDaysOf(item);

  for (const { position, check } of checked) {
    p.counts.submitted++;
    const result: RecordResult = {
      index: position, recordId: check.recordId, outcome: 'REJECTED', archiveRecordId: null, version: null,
      reason: null, field: null, message: null, warnings: [],
    };
    p.results.push(result);
    const reject = (reason: RejectionReason, field: string | null, message: string) => {
      Object.assign(result, { outcome: 'REJECTED', reason, field, message });
      p.counts.rejected++;
      p.stat.rejectedByReason.set(reason, (p.stat.rejectedByReason.get(reason) ?? 0) + 1);
      if (USCC_REASONS.has(reason)) p.stat.usccErrors++;
      p.rejections.push({ receiptId: b.receiptId, position, sourceRecordId: check.recordId, reason, field, message, row: rowOf(check) });
    };
    if (!check.ok) { reject(check.reason, check.field, check.message); continue; }

    const held = subjects.get(check.subject);
    if (check.legacyCode) {
      // A code failing only its check digit is kept when the platform holds exactly that code.
      if (!held) { reject('USCC_CHECK_DIGIT', item.subjectField, `${check.subject} fails its check digit and is not a code the platform holds`); continue; }
      result.warnings.push({ code: 'USCC_CHECK_DIGIT', field: item.subjectField, message: `${check.subject} fails its check digit; kept as a legacy code the platform holds` });
      p.stat.usccErrors++;
      p.counts.warnings++;
    }
    if (!held && item.slot !== 'OVERVIEW') { reject('SUBJECT_NOT_FOUND', item.subjectField, `no enterprise ${check.subject} on the platform`); continue; }

    const previous = p.states.get(check.recordId) ?? (stored.has(check.recordId)
      ? { collected: stored.get(check.recordId)!, isNew: false, dirty: false, data: '{}', columns: null, legacyCode: false } : undefined);
    if (previous?.collected.state === 'WITHDRAWN') { reject('RECORD_WITHDRAWN', 'recordId', `record ${check.recordId} was withdrawn`); continue; }
    // Deleted by retention (db/retention.ts): its retention is over, so it does not come back.
    if (previous?.collected.state === 'DELETED') { reject('RECORD_WITHDRAWN', 'recordId', `record ${check.recordId} was deleted at the end of its retention`); continue; }
    const hash = check.hash;
    if (previous && previous.collected.contentHash === hash) {
      Object.assign(result, { outcome: 'UNCHANGED', archiveRecordId: previous.collected.archiveId, version: previous.collected.version });
      p.counts.unchanged++;
      continue;
    }
    const outcome = previous ? 'UPDATED' : 'ACCEPTED';
    const collected: CollectedRecordRow = previous
      ? { ...previous.collected, version: previous.collected.version + 1, contentHash: hash, lastReceivedAt: b.now }
      : {
        id: timeOrderedId(), archiveId: item.slot === 'OVERVIEW' ? check.subject : timeOrderedId(), departmentCode: sender.departmentCode,
        itemCode: item.code, sourceRecordId: check.recordId, recordType: recordTypeOf(item.slot), subject: check.subject,
        version: 1, contentHash: hash, state: 'ACTIVE', firstReceivedAt: b.now, lastReceivedAt: b.now,
      };
    const state: State = {
      collected, isNew: previous?.isNew ?? !previous, dirty: true, data: check.data, columns: check.columns, legacyCode: check.legacyCode,
    };
    p.states.set(check.recordId, state);
    p.versions.push({
      recordId: collected.id, version: collected.version, action: outcome, receiptId: b.receiptId, receivedAt: b.now,
      contentHash: hash, data: check.data,
    });
    p.events.push({ outcome, state });
    Object.assign(result, { outcome, archiveRecordId: collected.archiveId, version: collected.version });
    p.counts[outcome === 'ACCEPTED' ? 'accepted' : 'updated']++;
    const lag = check.lag;
    if (lag !== null) {
      p.stat.timed++;
      p.stat.lagDays += lag;
      if (lag <= deadline) p.stat.onTime++;
    }
  }
  p.stat.counts = p.counts;
  return p;
}

/** Writes the planned archive rows and registry entries; returns the list entries as stored after. */
async function writeArchive(tx: Tx, b: BatchOf, p: Plan): Promise<ListEntry[]> {
  const { item } = b;
  const fresh = [...p.states.values()].filter((s) => s.isNew);
  const changed = [...p.states.values()].filter((s) => !s.isNew && s.dirty);
  if (item.slot === 'OVERVIEW') {
    // Rare and per subject: an upsert each (a seeded enterprise is updated in place).
    for (const s of [...fresh, ...changed]) {
      const row = overviewRow(item, s.collected.subject, JSON.parse(s.data) as Values, s.legacyCode) as Prisma.EnterpriseUncheckedCreateInput;
      await tx.prisma.enterprise.upsert({ where: { uscc: row.uscc }, create: row, update: row });
    }
  } else {
    const slot = SLOT_TABLES[item.slot].delegate(tx);
    const names = recordColumnNames(item);
    await insertTuples(tx, b.provider, SLOT_TABLES[item.slot].recordType, [...names, 'id', 'status', 'underObjection'],
      fresh.map((s) => [...s.columns!, s.collected.archiveId, 'PUBLISHED', false]));
    for (const s of changed) {
      await slot.update({ where: { id: s.collected.archiveId }, data: Object.fromEntries(names.map((name, i) => [name, s.columns![i]])) });
    }
  }
  await insertCollected(tx, b.provider, fresh.map((s) => s.collected), p.versions);
  for (const s of changed) {
    const { id: _id, ...data } = s.collected;
    await updateCollected(tx, s.collected.id, data);
  }
  if (!LIST_SLOTS.has(item.slot) || p.events.length === 0) return [];
  return tx.prisma.listEntry.findMany({ where: { id: { in: p.events.map((e) => e.state.collected.archiveId) } } });
}

/** The change log's events for the batch, in input order (a list entry's carry its state, for the partner feed). */
async function logChanges(tx: Tx, b: BatchOf, p: Plan, entries: ListEntry[]): Promise<void> {
  const { item, sender } = b;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const events: ChangeEventInput[] = [];
  for (const { outcome, state } of p.events) {
    const c = state.collected;
    const extra = { itemCode: item.code, departmentCode: sender.departmentCode, version: c.version };
    const entry = byId.get(c.archiveId);
    if (entry) {
      const change = outcome === 'ACCEPTED' ? 'LISTED' : listChangeKind(entry);
      events.push(listEntryEvent(entry, change, 'COLLECTION', extra));
      continue;
    }
    const type = item.slot === 'OVERVIEW'
      ? (outcome === 'ACCEPTED' ? 'SUBJECT_ADDED' : 'SUBJECT_UPDATED')
      : (outcome === 'ACCEPTED' ? 'RECORD_ADDED' : 'RECORD_UPDATED');
    events.push({
      type, subjectKind: 'LEGAL_PERSON', subject: c.subject, category: item.slot, recordType: c.recordType, recordId: c.archiveId,
      source: 'COLLECTION', ...extra,
    });
  }
  await appendChangeEvents(tx, events, b.now, b.provider);
}

/** Checks, decides and writes one batch (at most a few thousand records) in one transaction. */
export async function submitBatch(db: Db, b: Batch): Promise<{ results: RecordResult[]; counts: Counts }> {
  return writeBatch(db, b, await prepareAll(b));
}

/** Decides and writes one batch of prepared records (./prepare.ts) in one transaction. */
export function writeBatch(db: Db, b: BatchOf, checked: readonly PreparedRecord[]): Promise<{ results: RecordResult[]; counts: Counts }> {
  return transaction(db, async (tx) => {
    if (b.openReceipt) {
      await createReceipt(tx, {
        id: b.receiptId, departmentCode: b.sender.departmentCode, itemCode: b.item.code, channel: b.openReceipt.channel,
        status: b.openReceipt.channel === 'API' ? 'DONE' : 'RUNNING', actorKind: b.sender.actorKind, actorId: b.sender.actorId,
        format: b.openReceipt.format ?? null, encoding: b.openReceipt.encoding ?? null, receivedAt: b.now,
        finishedAt: b.openReceipt.channel === 'API' ? b.now : null,
      });
    }
    const p = await plan(db, tx, b, checked);
    const entries = await writeArchive(tx, b, p);
    await logChanges(tx, b, p, entries);
    await insertRejections(tx, b.provider, p.rejections);
    await addToReceipt(tx, b.receiptId, p.counts);
    await addToDailyStats(tx, { departmentCode: b.sender.departmentCode, itemCode: b.item.code, day: b.today }, p.stat);
    return { results: p.results, counts: p.counts };
  }, { timeout: 120_000 });
}
