/**
 * Persons' objections for `creditStatistics` (issue 16): lib/statistics.ts `workflowSql` over
 * PersonObjection, each statement an index range of the window (`filedAt`, `decidedAt`: the
 * migration `…_credit_statistics`); lib/statistics.ts folds the rows.
 */
import type { DatabaseProvider } from '../../../lib/config.ts';
import { storedDateTime } from '../../../lib/db/dialect.ts';
import { select, type Query } from '../../../lib/db/reader.ts';
import { workflowRowsOf, workflowSql } from '../../../lib/statistics.ts';
import type { Db } from './client.ts';

const statements = new Map<DatabaseProvider, { filed: Query; decided: Query; days: Query }>();
function statementsFor(provider: DatabaseProvider) {
  let s = statements.get(provider);
  if (!s) {
    const sql = workflowSql(provider, { table: 'PersonObjection', department: 'sourceDepartment', filed: 'filedAt' });
    s = {
      filed: select(`person.statistics.filed.${provider}`, sql.filed),
      decided: select(`person.statistics.decided.${provider}`, sql.decided),
      days: select(`person.statistics.days.${provider}`, sql.days),
    };
    statements.set(provider, s);
  }
  return s;
}

export async function personObjectionFigures(db: Db, from: Date, to: Date, today: string) {
  const p = db.reader.provider;
  const window = [storedDateTime(p, from), storedDateTime(p, to)];
  const s = statementsFor(p);
  const [filed, decided, days] = await Promise.all([
    db.reader.all<Parameters<typeof workflowRowsOf>[0][number]>(s.filed, [...window, today]),
    db.reader.all<Parameters<typeof workflowRowsOf>[0][number]>(s.decided, window),
    db.reader.all<{ days: unknown }>(s.days, window),
  ]);
  return workflowRowsOf(filed, decided, days);
}
