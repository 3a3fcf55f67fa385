/**
 * Persons' objections for `creditStatistics` (issue 16): the cases filed in the window and those
 * decided in it, each an index range (PersonObjection `filedAt`, `decidedAt`: the migration
 * `…_credit_statistics`); lib/statistics.ts folds them.
 */
import { storedDateTime } from '../../../lib/db/dialect.ts';
import { select } from '../../../lib/db/reader.ts';
import type { WorkflowRow } from '../../../lib/statistics.ts';
import type { Db } from './client.ts';

const COLUMNS = '"id", "sourceDepartment" AS "department", "filedAt", "decidedAt", "dueOn"';
const DATES = ['filedAt', 'decidedAt'];
export const PERSON_STATISTICS_QUERIES = {
  filed: select('person.statistics.filed', `SELECT ${COLUMNS} FROM "PersonObjection" WHERE "filedAt" >= $1 AND "filedAt" < $2`, [], DATES),
  decided: select('person.statistics.decided', `SELECT ${COLUMNS} FROM "PersonObjection" WHERE "decidedAt" >= $1 AND "decidedAt" < $2`, [], DATES),
};

export async function personObjectionRows(db: Db, from: Date, to: Date): Promise<WorkflowRow[]> {
  const params = [storedDateTime(db.reader.provider, from), storedDateTime(db.reader.provider, to)];
  const [filed, decided] = await Promise.all([
    db.reader.all<WorkflowRow>(PERSON_STATISTICS_QUERIES.filed, params),
    db.reader.all<WorkflowRow>(PERSON_STATISTICS_QUERIES.decided, params),
  ]);
  return [...filed, ...decided];
}
