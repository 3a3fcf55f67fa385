/**
 * Retention of social organisations' records (issue 13), the enterprise subgraph's rule
 * (subgraphs/enterprise/db/retention.ts) on this subgraph's tables, one run in one transaction:
 * - Expiry. A penalty or list entry is withheld from the public from the day after its publicity
 *   end (rules.ts, on every read), so nothing is rewritten; the run logs RECORD_EXPIRED in the change
 *   log (db/change-log.ts) for every disclosed record whose end fell since the previous run (all ends
 *   before today on the first run), so monitoring learns of it and stops delivering it.
 * - Deletion. Negative records (penalties, black-list entries) are deleted `negativeYears` after
 *   their publicity end, with the collected versions that held their values; the registry entry
 *   stays (state DELETED) so the department's own id is not taken as new again.
 * - Nothing under objection or repair is touched: social organisations' records have no objection
 *   or repair workflow yet, so `held` is 0; the day one comes, its open cases belong here.
 * Each run is kept as its report (RetentionRun).
 */
import { randomUUID } from 'node:crypto';
import type { ChangeEventInput } from '../../../lib/change-log.ts';
import { forgetCollected } from '../../../lib/collection/registry.ts';
import { yearsBefore, type RetentionOptions } from '../../../lib/collection/retention.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { RetentionRun } from '../../../prisma/generated/social-org/sqlite/client.ts';
import { appendOrgChangeEvents, orgEvent } from './change-log.ts';
import type { Db } from './client.ts';

const CHUNK = 5000;

interface Found { id: string; uscc: string; category: string }
type Table = 'SocialOrgPenalty' | 'SocialOrgListEntry';

const listCategory = (e: { listType: string }) => (e.listType === 'RED' ? 'RED_LIST' : 'BLACK_LIST');

export async function runOrgRetention(db: Db, o: RetentionOptions): Promise<RetentionRun> {
  const deleteBefore = yearsBefore(o.today, o.negativeYears);
  return transaction(db, async (tx) => {
    const previous = await tx.prisma.retentionRun.findFirst({ where: { finishedAt: { not: null } }, orderBy: [{ day: 'desc' }, { startedAt: 'desc' }] });
    const since = previous?.day ?? null;
    // Ended before today, and (after a first run) not before the previous run's day.
    const endedWindow = { lt: o.today, ...(since === null ? {} : { gte: since }) };
    const expiredPenalties = (await tx.prisma.socialOrgPenalty.findMany({
      where: { withdrawnOn: null, publicityEndDate: endedWindow }, select: { id: true, uscc: true }, orderBy: [{ publicityEndDate: 'asc' }, { id: 'asc' }],
    })).map((p) => ({ ...p, category: 'PENALTIES' }));
    const expiredEntries = (await tx.prisma.socialOrgListEntry.findMany({
      where: { removedOn: null, publicityEndDate: endedWindow }, select: { id: true, uscc: true, listType: true }, orderBy: [{ publicityEndDate: 'asc' }, { id: 'asc' }],
    })).map((e) => ({ id: e.id, uscc: e.uscc, category: listCategory(e) }));

    const duePenalties = (await tx.prisma.socialOrgPenalty.findMany({
      where: { publicityEndDate: { lt: deleteBefore } }, select: { id: true, uscc: true }, orderBy: { id: 'asc' },
    })).map((p) => ({ ...p, category: 'PENALTIES' }));
    const dueEntries = (await tx.prisma.socialOrgListEntry.findMany({
      where: { listType: 'BLACK', publicityEndDate: { lt: deleteBefore } }, select: { id: true, uscc: true }, orderBy: { id: 'asc' },
    })).map((e) => ({ ...e, category: 'BLACK_LIST' }));
    for (let i = 0; i < duePenalties.length; i += CHUNK) {
      const ids = duePenalties.slice(i, i + CHUNK).map((r) => r.id);
      await tx.prisma.socialOrgPenalty.deleteMany({ where: { id: { in: ids } } });
      await forgetCollected(tx.prisma, 'SocialOrgPenalty', ids, o.now);
    }
    for (let i = 0; i < dueEntries.length; i += CHUNK) {
      const ids = dueEntries.slice(i, i + CHUNK).map((r) => r.id);
      await tx.prisma.socialOrgListEntry.deleteMany({ where: { id: { in: ids } } });
      await forgetCollected(tx.prisma, 'SocialOrgListEntry', ids, o.now);
    }

    const events = (type: 'RECORD_EXPIRED' | 'RECORD_DELETED', table: Table, rows: readonly Found[]): ChangeEventInput[] =>
      rows.map((r) => orgEvent(type, r.uscc, r.category, table, r.id, 'RETENTION'));
    await appendOrgChangeEvents(tx, db, [
      ...events('RECORD_EXPIRED', 'SocialOrgPenalty', expiredPenalties), ...events('RECORD_EXPIRED', 'SocialOrgListEntry', expiredEntries),
      ...events('RECORD_DELETED', 'SocialOrgPenalty', duePenalties), ...events('RECORD_DELETED', 'SocialOrgListEntry', dueEntries),
    ], o.now);
    const tables = {
      SocialOrgPenalty: { expired: expiredPenalties.length, deleted: duePenalties.length, held: 0 },
      SocialOrgListEntry: { expired: expiredEntries.length, deleted: dueEntries.length, held: 0 },
    };
    return tx.prisma.retentionRun.create({
      data: {
        id: randomUUID(), day: o.today, trigger: o.trigger, startedAt: o.now, finishedAt: new Date(), negativeYears: o.negativeYears, deleteBefore,
        expired: expiredPenalties.length + expiredEntries.length, deleted: duePenalties.length + dueEntries.length, held: 0,
        detail: JSON.stringify({ since, tables }),
      },
    });
  }, { timeout: 600_000 });
}

/** The reports of the latest runs, newest first. */
export function findOrgRetentionRuns(db: Db, take: number): Promise<RetentionRun[]> {
  return db.prisma.retentionRun.findMany({ orderBy: [{ day: 'desc' }, { startedAt: 'desc' }], take });
}
