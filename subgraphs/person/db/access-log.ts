/**
 * The access log: append-only (there is no delete or update path here, by design), kept at least
 * 5 years (Shenzhen Social Credit Regulation 2023, Art. 45).
 */
import type { AccessLogEntry } from '../../../prisma/generated/person/sqlite/client.ts';
import type { Db } from './client.ts';

export type AccessLogEntryRow = AccessLogEntry;

/**
 * Writes a batch of entries as one multi-row INSERT (atomic by itself). Not wrapped in an explicit
 * transaction: over the single-connection SQLite adapter, an open transaction would take in other
 * requests' statements (a concurrent grantConsent would then commit or roll back with the log).
 * Should a driver split the insert, a failure leaves some entries written and fails every caller
 * of the batch: the log can hold more than was disclosed, never less.
 */
export async function insertAccessLogEntries(db: Db, entries: readonly AccessLogEntryRow[]): Promise<void> {
  if (entries.length === 0) return;
  await db.accessLogEntry.createMany({ data: [...entries] });
}

export interface LogPosition { at: Date; id: string }

/** One page of a person's log, newest first; `limit` rows after `after` (exclusive). */
export function accessLogPage(db: Db, personId: string, limit: number, after: LogPosition | null): Promise<AccessLogEntryRow[]> {
  return db.accessLogEntry.findMany({
    where: {
      personId,
      ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit,
  });
}
