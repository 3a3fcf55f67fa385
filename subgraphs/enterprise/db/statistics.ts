/**
 * The enterprise subgraph's statements behind `creditStatistics` (statistics.ts folds them). Each
 * is an aggregate (GROUP BY) or a read of the cases filed or decided in the window, and each reads
 * an index range: lists by `listedOn` / `removedOn`, checks and cases by `day`, objections and
 * repairs by `filedAt` / `decidedAt` (indexes of the migration `…_credit_statistics`). A region or
 * industry joins each row to its enterprise by primary key; the enterprises in scope are counted
 * on the (regionCode | industryCode, …) indexes (tests/statistics: the plans on both databases).
 */
import type { DatabaseProvider } from '../../../lib/config.ts';
import { storedDateTime } from '../../../lib/db/dialect.ts';
import { select, type Query } from '../../../lib/db/reader.ts';
import { workflowRowsOf, workflowSql } from '../../../lib/statistics.ts';
import type { Db } from './client.ts';

export interface Scope {
  region: string | null;
  industry: string | null;
}

/**
 * A statement over table alias `x` in four forms, by the scope it is asked for: `{scope}` becomes
 * the join to the enterprise and `{and}` its conditions, numbered after the statement's own `params`.
 */
function scoped(name: string, params: number, text: string | ((provider: DatabaseProvider) => string), dates: readonly string[] = []) {
  const forms = new Map<string, Query>();
  return (scope: Scope, provider: DatabaseProvider): { query: Query; scopeParams: string[] } => {
    // Short: PostgreSQL keeps 63 characters of a prepared statement's name.
    const key = `${provider === 'sqlite' ? 's' : 'p'}${Number(scope.region !== null)}${Number(scope.industry !== null)}`;
    const scopeParams = [scope.region, scope.industry].filter((v): v is string => v !== null);
    let query = forms.get(key);
    if (!query) {
      let n = params;
      const on: string[] = [];
      if (scope.region !== null) on.push(`e."regionCode" = $${++n}`);
      if (scope.industry !== null) on.push(`e."industryCode" = $${++n}`);
      // CROSS JOIN: SQLite keeps the written order (the window's index range first, then each row's
      // enterprise by primary key) instead of guessing, without table statistics, that walking
      // the region's enterprises is cheaper; PostgreSQL plans it as any inner join.
      const join = on.length ? 'CROSS JOIN "Enterprise" e' : '';
      const where = on.length ? ` AND e."uscc" = x."uscc" AND ${on.join(' AND ')}` : '';
      const body = typeof text === 'string' ? text : text(provider);
      forms.set(key, (query = select(`enterprise.stats.${name}.${key}`, body.replace('{scope}', join).replace('{and}', where), [], dates)));
    }
    return { query, scopeParams };
  };
}

const n = (v: unknown): number => Number(v ?? 0);

// --- the enterprises in scope ---------------------------------------------------------------------

const enterprisesInScope = new Map<string, Query>();
export async function countEnterprises(db: Db, scope: Scope): Promise<number> {
  const key = `${scope.region !== null}|${scope.industry !== null}`;
  let q = enterprisesInScope.get(key);
  if (!q) {
    const where: string[] = [];
    if (scope.region !== null) where.push(`"regionCode" = $${where.length + 1}`);
    if (scope.industry !== null) where.push(`"industryCode" = $${where.length + 1}`);
    q = select(`enterprise.statistics.enterprises.${key}`, `SELECT COUNT(*) AS "n" FROM "Enterprise"${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`);
    enterprisesInScope.set(key, q);
  }
  const [row] = await db.reader.all<{ n: unknown }>(q, [scope.region, scope.industry].filter((v) => v !== null));
  return n(row?.n);
}

// --- red and black lists ----------------------------------------------------------------------------

/** Entries active on `$1` (published, not removed, listed by then, publicity not ended before it) per list type. */
const listStock = scoped('listStock', 1, `
  SELECT x."listType" AS "listType", COUNT(*) AS "entries", COUNT(DISTINCT x."uscc") AS "subjects"
  FROM "ListEntry" x {scope}
  WHERE x."listedOn" <= $1 AND x."status" = 'PUBLISHED' AND x."removedOn" IS NULL
    AND (x."publicityEndDate" IS NULL OR x."publicityEndDate" >= $1){and}
  GROUP BY x."listType"`);

/**
 * Subjects with at least one active serious black-list entry, every black list but the warning
 * list `$2` (a subject on two lists counts once).
 */
const seriousSubjects = scoped('seriousSubjects', 2, `
  SELECT COUNT(DISTINCT x."uscc") AS "subjects"
  FROM "ListEntry" x {scope}
  WHERE x."listedOn" <= $1 AND x."listType" = 'BLACK' AND x."listName" <> $2 AND x."status" = 'PUBLISHED'
    AND x."removedOn" IS NULL AND (x."publicityEndDate" IS NULL OR x."publicityEndDate" >= $1){and}`);

const listEntered = scoped('listEntered', 2, `
  SELECT x."listType" AS "listType", substr(x."listedOn", 1, 7) AS "month", COUNT(*) AS "count"
  FROM "ListEntry" x {scope}
  WHERE x."listedOn" >= $1 AND x."listedOn" <= $2{and}
  GROUP BY x."listType", substr(x."listedOn", 1, 7)`);

const listLeft = scoped('listLeft', 2, `
  SELECT x."listType" AS "listType", substr(x."removedOn", 1, 7) AS "month", COUNT(*) AS "count"
  FROM "ListEntry" x {scope}
  WHERE x."removedOn" >= $1 AND x."removedOn" <= $2{and}
  GROUP BY x."listType", substr(x."removedOn", 1, 7)`);

export interface ListStockRow { listType: string; entries: number; subjects: number }
export interface ListFlowRow { listType: string; month: string; count: number }

async function runScoped<T>(db: Db, s: ReturnType<typeof scoped>, scope: Scope, params: unknown[]): Promise<T[]> {
  const { query, scopeParams } = s(scope, db.reader.provider);
  return db.reader.all<T>(query, [...params, ...scopeParams]);
}

type FlowRow = { listType: string; month: string; count: unknown };

export async function listFigures(db: Db, scope: Scope, from: string, to: string) {
  const [stock, entered, left] = await Promise.all([
    runScoped<{ listType: string; entries: unknown; subjects: unknown }>(db, listStock, scope, [to]),
    runScoped<FlowRow>(db, listEntered, scope, [from, to]),
    runScoped<FlowRow>(db, listLeft, scope, [from, to]),
  ]);
  const flow = (rows: FlowRow[]): ListFlowRow[] => rows.map((r) => ({ listType: r.listType, month: r.month, count: n(r.count) }));
  return {
    stock: stock.map((r): ListStockRow => ({ listType: r.listType, entries: n(r.entries), subjects: n(r.subjects) })),
    entered: flow(entered),
    left: flow(left),
  };
}

export async function countSeriousSubjects(db: Db, scope: Scope, to: string, warningList: string): Promise<number> {
  const [row] = await runScoped<{ subjects: unknown }>(db, seriousSubjects, scope, [to, warningList]);
  return n(row?.subjects);
}

// --- objections and repairs ---------------------------------------------------------------------------

/** lib/statistics.ts `workflowSql`, narrowed to the scope. */
function workflowStatements(table: 'Objection' | 'RepairApplication', department: string, filed: string) {
  const sql = (p: DatabaseProvider) => workflowSql(p, { table, department, filed, join: '{scope}', and: '{and}' });
  return {
    filed: scoped(`${table}.filed`, 3, (p) => sql(p).filed),
    decided: scoped(`${table}.decided`, 2, (p) => sql(p).decided),
    days: scoped(`${table}.days`, 2, (p) => sql(p).days),
  };
}

const WORKFLOWS = {
  objections: workflowStatements('Objection', 'sourceDepartment', 'filedAt'),
  repairs: workflowStatements('RepairApplication', 'departmentCode', 'appliedAt'),
};

export async function workflowFigures(db: Db, which: keyof typeof WORKFLOWS, scope: Scope, from: Date, to: Date, today: string) {
  const window = [storedDateTime(db.reader.provider, from), storedDateTime(db.reader.provider, to)];
  const s = WORKFLOWS[which];
  const [filed, decided, days] = await Promise.all([
    runScoped<Parameters<typeof workflowRowsOf>[0][number]>(db, s.filed, scope, [...window, today]),
    runScoped<Parameters<typeof workflowRowsOf>[0][number]>(db, s.decided, scope, window),
    runScoped<{ days: unknown }>(db, s.days, scope, window),
  ]);
  return workflowRowsOf(filed, decided, days);
}

// --- joint sanctions ------------------------------------------------------------------------------------

const checksByMatter = select('enterprise.statistics.checks', `
  SELECT "matterCode" AS "matterCode", substr("day", 1, 7) AS "month", COUNT(*) AS "checks",
         SUM("subjects") AS "subjects", SUM("restricted") AS "restricted", SUM("incentive") AS "incentive"
  FROM "SanctionCheck" WHERE "day" >= $1 AND "day" <= $2
  GROUP BY "matterCode", substr("day", 1, 7)`);

const casesByMatter = select('enterprise.statistics.cases', `
  SELECT "matterCode" AS "matterCode", "decision" AS "decision", "outcome" AS "outcome", COUNT(*) AS "count"
  FROM "SanctionCase" WHERE "day" >= $1 AND "day" <= $2
  GROUP BY "matterCode", "decision", "outcome"`);

export interface CheckRow { matterCode: string; month: string; checks: number; subjects: number; restricted: number; incentive: number }
export interface CaseRow { matterCode: string; decision: string; outcome: string | null; count: number }

export async function sanctionRows(db: Db, from: string, to: string): Promise<{ checks: CheckRow[]; cases: CaseRow[] }> {
  const [checks, cases] = await Promise.all([
    db.reader.all<Record<string, unknown>>(checksByMatter, [from, to]),
    db.reader.all<Record<string, unknown>>(casesByMatter, [from, to]),
  ]);
  return {
    checks: checks.map((r) => ({
      matterCode: r.matterCode as string, month: r.month as string, checks: n(r.checks), subjects: n(r.subjects), restricted: n(r.restricted), incentive: n(r.incentive),
    })),
    cases: cases.map((r) => ({ matterCode: r.matterCode as string, decision: r.decision as string, outcome: (r.outcome as string | null) ?? null, count: n(r.count) })),
  };
}

/** The statements, for the test that reads their plans. */
export const STATISTICS_QUERIES = { listStock, seriousSubjects, listEntered, listLeft, workflows: WORKFLOWS, checksByMatter, casesByMatter };
