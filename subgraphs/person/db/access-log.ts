/**
 * The access log: append-only (there is no delete or update path here, by design), kept at least
 * 5 years (Shenzhen Social Credit Regulation 2023, Art. 45).
 */
import type { AccessLogEntry } from '../../../prisma/generated/person/sqlite/client.ts';
import type { Db } from './client.ts';

export type AccessLogEntryRow = AccessLogEntry;

/**
 * Writes a batch of entries in one transaction on the writer's own connection (lib/db/client.ts):
 * the batch commits or fails whole, and no other request's statements take part in it (on the
 * client's connection a rolled-back `$transaction` beside it would take the entries with it, after
 * their data was returned).
 */
export async function insertAccessLogEntries(db: Db, entries: readonly AccessLogEntryRow[]): Promise<void> {
  if (entries.length === 0) return;
  await db.writer.$transaction([db.writer.accessLogEntry.createMany({ data: [...entries] })]);
}

export interface LogPosition { at: Date; id: string }

/** One page of a person's log, newest first; `limit` rows after `after` (exclusive). */
export function accessLogPage(db: Db, personId: string, limit: number, after: LogPosition | null): Promise<AccessLogEntryRow[]> {
  return db.prisma.accessLogEntry.findMany({
    where: {
      personId,
      ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit,
  });
}
