/**
 * Subjects by grade from the grade tracker's table (SubjectGrade, grades.ts) for ratingDistribution
 * and creditStatistics.grades: whether the tracker has rated every change logged so far, the kept
 * grades counted by an indexed GROUP BY, and the enterprises in scope it has not rated yet.
 * City-wide the counts read the `SubjectGrade_grade_idx` index alone; a region or an industry walks
 * that scope's enterprises on their (regionCode | industryCode, …) index and finds each one's
 * grade by primary key.
 */
import { select, type Query } from '../../../lib/db/reader.ts';
import type { Db } from './client.ts';
import type { Scope } from './statistics.ts';

/**
 * True when no change event other than the tracker's own RATING_CHANGED lies after its cursor: every
 * grade it keeps reflects the archive as logged (a grade that moves with the date alone moves with
 * the retention run's RECORD_EXPIRED event, grades.ts).
 */
const behind = select('enterprise.grades.behind', `
  SELECT "seq" FROM "ChangeEvent"
  WHERE "seq" > COALESCE((SELECT "seq" FROM "GradeTrackerCursor" WHERE "id" = 1), 0) AND "type" <> 'RATING_CHANGED'
  ORDER BY "seq" LIMIT 1`);

export async function gradesCurrent(db: Db): Promise<boolean> {
  return (await db.reader.all<{ seq: unknown }>(behind, [])).length === 0;
}

/** The scope's conditions on enterprise alias `e`, numbered from $1, and their values. */
function scopeWhere(scope: Scope): { key: string; on: string[]; params: string[] } {
  const on: string[] = [];
  const params: string[] = [];
  if (scope.region !== null) { params.push(scope.region); on.push(`e."regionCode" = $${params.length}`); }
  if (scope.industry !== null) { params.push(scope.industry); on.push(`e."industryCode" = $${params.length}`); }
  return { key: `${Number(scope.region !== null)}${Number(scope.industry !== null)}`, on, params };
}

const countForms = new Map<string, Query>();

/** Kept grades of the enterprises in scope, one row per grade. */
export async function keptGradeCounts(db: Db, scope: Scope): Promise<{ grade: string; n: number }[]> {
  const { key, on, params } = scopeWhere(scope);
  let q = countForms.get(key);
  if (!q) {
    // CROSS JOIN: SQLite keeps the written order (the scope's enterprises on their index, then each
    // one's grade by primary key); PostgreSQL plans it as any inner join.
    q = select(`enterprise.grades.counts.${key}`, on.length === 0
      ? 'SELECT "grade", COUNT(*) AS "n" FROM "SubjectGrade" GROUP BY "grade"'
      : `SELECT g."grade" AS "grade", COUNT(*) AS "n" FROM "Enterprise" e CROSS JOIN "SubjectGrade" g
         WHERE ${on.join(' AND ')} AND g."uscc" = e."uscc" GROUP BY g."grade"`);
    countForms.set(key, q);
  }
  const rows = await db.reader.all<{ grade: string; n: unknown }>(q, params);
  return rows.map((r) => ({ grade: r.grade, n: Number(r.n) }));
}

const ungradedForms = new Map<string, Query>();

/** The next `take` enterprises in scope (by uscc, after `after`) the tracker has not rated yet. */
export function ungradedPage(db: Db, scope: Scope, after: string | null, take: number): Promise<{ uscc: string }[]> {
  const { key, on, params } = scopeWhere(scope);
  const k = `${key}${Number(after !== null)}`;
  let q = ungradedForms.get(k);
  if (!q) {
    let n = params.length;
    const where = [...on, ...(after !== null ? [`e."uscc" > $${++n}`] : []),
      'NOT EXISTS (SELECT 1 FROM "SubjectGrade" g WHERE g."uscc" = e."uscc")'];
    q = select(`enterprise.grades.ungraded.${k}`,
      `SELECT e."uscc" AS "uscc" FROM "Enterprise" e WHERE ${where.join(' AND ')} ORDER BY e."uscc" LIMIT $${++n}`);
    ungradedForms.set(k, q);
  }
  return db.reader.all<{ uscc: string }>(q, [...params, ...(after !== null ? [after] : []), take]);
}
