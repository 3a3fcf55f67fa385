/**
 * The grade tracker's tables (grades.ts): each enterprise's last known rating (SubjectGrade) and the
 * tracker's cursor in the change log (GradeTrackerCursor, one row).
 */
import type { SubjectGrade } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Db, Tx } from './client.ts';

export type SubjectGradeRow = SubjectGrade;

const CURSOR_ID = 1;

/** The seq of the last change event the tracker has rated (0 before its first round). */
export async function readGradeCursor(db: Db | Tx): Promise<number> {
  const row = await db.prisma.gradeTrackerCursor.findUnique({ where: { id: CURSOR_ID } });
  return row?.seq ?? 0;
}

/**
 * Locks the cursor row for the rest of the transaction and returns its seq: a write, so a second
 * tracker's round waits here (PostgreSQL: the row lock; SQLite: the database write lock) and then
 * reads the cursor the first one committed.
 */
export async function lockGradeCursor(tx: Tx): Promise<number> {
  const row = await tx.prisma.gradeTrackerCursor.upsert({
    where: { id: CURSOR_ID }, create: { id: CURSOR_ID, seq: 0 }, update: { seq: { increment: 0 } },
  });
  return row.seq;
}

export async function moveGradeCursor(tx: Tx, seq: number): Promise<void> {
  await tx.prisma.gradeTrackerCursor.update({ where: { id: CURSOR_ID }, data: { seq } });
}

export function gradesOf(tx: Tx, usccs: readonly string[]): Promise<SubjectGradeRow[]> {
  return tx.prisma.subjectGrade.findMany({ where: { uscc: { in: [...usccs] } } });
}

/** Records new subjects' grades and the moved ones' (by uscc). */
export async function saveGrades(tx: Tx, fresh: readonly SubjectGradeRow[], moved: readonly SubjectGradeRow[]): Promise<void> {
  if (fresh.length > 0) await tx.prisma.subjectGrade.createMany({ data: [...fresh] });
  for (const g of moved) await tx.prisma.subjectGrade.update({ where: { uscc: g.uscc }, data: { grade: g.grade, score: g.score, ratedAt: g.ratedAt } });
}
