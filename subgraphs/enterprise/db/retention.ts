/**
 * Retention (issue 13), one run in one transaction:
 * - Expiry. A record is withheld from the public from the day after its publicity end (rules.ts
 *   derives EXPIRED on every read), so nothing is rewritten; the run logs RECORD_EXPIRED in the
 *   change log for every PUBLISHED record whose end fell since the previous run (all ends before
 *   today on the first run), so the consumers of the log learn of it.
 * - Deletion. Negative records (penalties, black-list entries) are deleted `negativeYears` after
 *   their publicity end (Zhejiang: five), with the collected versions that held their values; the
 *   registry entry stays (state DELETED) so the department's own id is not taken as new again.
 *   A record under objection (flagged, or an objection open) or with a repair pending is held.
 * Each run is kept as its report (RetentionRun).
 */
import type { ChangeEventInput } from '../../../lib/change-log.ts';
import { forgetCollected } from '../../../lib/collection/registry.ts';
import { yearsBefore, type RetentionOptions } from '../../../lib/collection/retention.ts';
import { toSqlite } from '../../../lib/db/dialect.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { RetentionRun } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { appendChangeEvents } from './change-log.ts';
import type { Db, Tx } from './client.ts';
import { timeOrderedId } from './sequence.ts';

export type RetentionRunRow = RetentionRun;

/** The archive tables with a publicity period, and each row's archive slot as SQL. */
const PUBLICITY_TABLES: ReadonlyArray<{ table: string; category: string }> = [
  { table: 'AdministrativeLicense', category: `'LICENSES'` },
  { table: 'AdministrativePenalty', category: `'PENALTIES'` },
  { table: 'ListEntry', category: `CASE "listType" WHEN 'RED' THEN 'RED_LIST' ELSE 'BLACK_LIST' END` },
  { table: 'Certificate', category: `'CERTIFICATES'` },
  { table: 'Inspection', category: `'INSPECTIONS'` },
  { table: 'CreditCommitment', category: `'COMMITMENTS'` },
  { table: 'IndustryEvaluation', category: `'EVALUATIONS'` },
  { table: 'Honor', category: `'HONORS'` },
  { table: 'CreditRecord', category: `'OTHER'` },
];

/** The negative records retention deletes: their table and which of its rows are negative. */
const NEGATIVE_TABLES: ReadonlyArray<{ table: 'AdministrativePenalty' | 'ListEntry'; category: string; where: string }> = [
  { table: 'AdministrativePenalty', category: `'PENALTIES'`, where: 'TRUE' },
  { table: 'ListEntry', category: `'BLACK_LIST'`, where: `"listType" = 'BLACK'` },
];

const CHUNK = 5000;

interface Row { id: string; uscc: string; category: string; underObjection?: boolean | number | bigint }

/** A SELECT written in PostgreSQL's syntax, run inside the transaction on either database. */
async function rowsOf(tx: Tx, provider: Db['reader']['provider'], text: string, params: unknown[]): Promise<Row[]> {
  if (provider === 'postgresql') return tx.prisma.$queryRawUnsafe<Row[]>(text, ...params);
  const form = toSqlite(text.replace(/\bTRUE\b/g, '1'));
  return tx.prisma.$queryRawUnsafe<Row[]>(form.sql, ...form.order.map((i) => params[i]));
}


export async function runRetention(db: Db, o: RetentionOptions): Promise<RetentionRunRow> {
  const provider = db.reader.provider;
  const deleteBefore = yearsBefore(o.today, o.negativeYears);
  return transaction(db, async (tx) => {
    const previous = await tx.prisma.retentionRun.findFirst({ where: { finishedAt: { not: null } }, orderBy: [{ day: 'desc' }, { startedAt: 'desc' }] });
    const since = previous?.day ?? null;
    const perTable: Record<string, { expired: number; deleted: number; held: number }> = {};
    const count = (table: string) => (perTable[table] ??= { expired: 0, deleted: 0, held: 0 });
    const events: ChangeEventInput[] = [];
    const event = (type: 'RECORD_EXPIRED' | 'RECORD_DELETED', table: string, r: Row): ChangeEventInput => ({
      type, subjectKind: 'LEGAL_PERSON', subject: r.uscc, category: r.category, recordType: table, recordId: r.id, source: 'RETENTION',
    });

    for (const { table, category } of PUBLICITY_TABLES) {
      const window = since === null ? '' : ' AND "publicityEndDate" >= $2';
      const rows = await rowsOf(tx, provider,
        `SELECT "id", "uscc", ${category} AS "category" FROM "${table}" WHERE "status" = 'PUBLISHED' AND "publicityEndDate" < $1${window} ORDER BY "publicityEndDate", "id"`,
        since === null ? [o.today] : [o.today, since]);
      for (const r of rows) events.push(event('RECORD_EXPIRED', table, r));
      if (rows.length) count(table).expired = rows.length;
    }
    const expired = events.length;

    const held: Array<{ recordType: string; id: string; why: 'OBJECTION' | 'REPAIR' }> = [];
    let deleted = 0;
    for (const { table, category, where } of NEGATIVE_TABLES) {
      const due = await rowsOf(tx, provider,
        `SELECT "id", "uscc", "underObjection", ${category} AS "category" FROM "${table}" WHERE "publicityEndDate" < $1 AND ${where} ORDER BY "id"`,
        [deleteBefore]);
      for (let i = 0; i < due.length; i += CHUNK) {
        const part = due.slice(i, i + CHUNK);
        const keys = part.map((r) => `${table}:${r.id}`);
        const [objections, repairs] = await Promise.all([
          tx.prisma.objection.findMany({ where: { openKey: { in: keys } }, select: { recordId: true } }),
          tx.prisma.repairApplication.findMany({ where: { pendingKey: { in: keys } }, select: { recordId: true } }),
        ]);
        const objected = new Set(objections.map((x) => x.recordId));
        const repairing = new Set(repairs.map((x) => x.recordId));
        const gone: Row[] = [];
        for (const r of part) {
          if (Boolean(r.underObjection) || objected.has(r.id)) held.push({ recordType: table, id: r.id, why: 'OBJECTION' });
          else if (repairing.has(r.id)) held.push({ recordType: table, id: r.id, why: 'REPAIR' });
          else gone.push(r);
        }
        const ids = gone.map((r) => r.id);
        if (ids.length === 0) continue;
        if (table === 'AdministrativePenalty') await tx.prisma.administrativePenalty.deleteMany({ where: { id: { in: ids } } });
        else await tx.prisma.listEntry.deleteMany({ where: { id: { in: ids } } });
        await forgetCollected(tx.prisma, table, ids, o.now);
        for (const r of gone) events.push(event('RECORD_DELETED', table, r));
        deleted += gone.length;
        count(table).deleted += gone.length;
      }
      for (const h of held) if (h.recordType === table) count(table).held++;
    }
    await appendChangeEvents(tx, events, o.now, provider);
    return tx.prisma.retentionRun.create({
      data: {
        id: timeOrderedId(o.now.getTime()), day: o.today, trigger: o.trigger, startedAt: o.now, finishedAt: new Date(),
        negativeYears: o.negativeYears, deleteBefore, expired, deleted, held: held.length, detail: JSON.stringify({ since, tables: perTable, held }),
      },
    });
  }, { timeout: 600_000 });
}

/** The reports of the latest runs, newest first. */
export function findRetentionRuns(db: Db, take: number): Promise<RetentionRunRow[]> {
  return db.prisma.retentionRun.findMany({ orderBy: [{ day: 'desc' }, { startedAt: 'desc' }], take });
}

/** Whether a run already happened for `day` (the in-process schedule runs once a day). */
export async function ranOn(db: Db, day: string): Promise<boolean> {
  return (await db.prisma.retentionRun.count({ where: { day, finishedAt: { not: null } } })) > 0;
}
