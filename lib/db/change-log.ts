/**
 * The change log's outbox table, as every subgraph that keeps one has it (the enterprise subgraph's
 * and the person subgraph's ChangeEvent, lib/change-log.ts): events appended in the writing
 * transaction under sequence numbers taken from the one ChangeEventSequence row. The increment
 * locks that row until commit, so writers are serialized and a higher sequence number is never
 * visible before a lower one: a consumer paging by `seq > cursor` never skips a late commit.
 */
import type { ChangeEvent } from '../change-feed.ts';
import type { ChangeEventInput, ChangeEventType, ChangeSource } from '../change-log.ts';
import type { DatabaseProvider } from '../config.ts';
import { insertRows } from './bulk-insert.ts';

/** A ChangeEvent row as either subgraph's Prisma client returns it (the tables are alike). */
export interface ChangeEventRow {
  seq: number; at: Date; type: string; subjectKind: string; subject: string; category: string | null;
  recordType: string | null; recordId: string | null; itemCode: string | null; departmentCode: string | null;
  version: number | null; source: string; detail: string | null;
}

/** The sequence row's upsert, as a log's Prisma delegate offers it. */
export type CounterUpsert = (args: {
  where: { id: number };
  create: { id: number; value: number };
  update: { value: { increment: number } };
}) => Promise<{ value: number }>;

/** Reserves `count` consecutive numbers and returns the first. */
export async function reserveSequence(upsert: CounterUpsert, count: number): Promise<number> {
  const { value } = await upsert({ where: { id: 1 }, create: { id: 1, value: count }, update: { value: { increment: count } } });
  return value - count + 1;
}

type RawTx = { readonly prisma: { $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<unknown> } };

/** Appends `events` to the ChangeEvent table inside `tx`, numbered by `counter` (the sequence row's upsert). */
export async function appendToChangeLog(
  tx: RawTx, counter: CounterUpsert, events: readonly ChangeEventInput[], at: Date, provider: DatabaseProvider,
): Promise<void> {
  if (events.length === 0) return;
  const first = await reserveSequence(counter, events.length);
  await insertRows(tx, provider, 'ChangeEvent', events.map((e, i) => ({
    seq: first + i,
    at,
    type: e.type,
    subjectKind: e.subjectKind,
    subject: e.subject,
    category: e.category,
    recordType: e.recordType,
    recordId: e.recordId,
    itemCode: e.itemCode ?? null,
    departmentCode: e.departmentCode ?? null,
    version: e.version ?? null,
    source: e.source,
    detail: e.detail === undefined ? null : JSON.stringify(e.detail),
  })));
}

/** A row as consumers see it (lib/change-feed.ts). */
export function toChangeEvent(row: ChangeEventRow): ChangeEvent {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    type: row.type as ChangeEventType,
    subjectKind: row.subjectKind as ChangeEvent['subjectKind'],
    subject: row.subject,
    category: row.category,
    recordType: row.recordType,
    recordId: row.recordId,
    itemCode: row.itemCode,
    departmentCode: row.departmentCode,
    version: row.version,
    source: row.source as ChangeSource,
    detail: row.detail === null ? null : JSON.parse(row.detail),
  };
}
