/**
 * `creditStatistics` (信用大数据监测, issue 16) is one federated entity, `CreditStatistics`, keyed by
 * its question (`from/to/region/industry`): the enterprise subgraph answers the query and its own
 * figures, the person and platform subgraphs resolve the entity by that key and add theirs. What
 * the three share lives here: who may ask, the key, the window as CST days and instants, and the
 * fold of a workflow's rows (objections, repairs) into received / decided / overdue / median.
 *
 * The window is whole CST days `from`..`to` (inclusive), at most MAX_DAYS long, so every statement
 * reads an index range bounded by it.
 */
import type { Principal } from './caller.ts';
import { badUserInput, forbidden } from './errors.ts';
import type { DatabaseProvider } from './config.ts';
import { cstMonthSql, daysBetweenSql } from './db/dialect.ts';
import { isOperatorOrGovernment } from './principals.ts';
import { addDays, CST_OFFSET_MS, daysBetween, isIsoDate } from './time.ts';

/** A year and a day: a year-on-year window fits, a decade does not. */
export const MAX_DAYS = 366;

export interface StatisticsWindow {
  from: string;
  to: string;
  region: string | null;
  industry: string | null;
  /** The CST day `from` starts, as an instant (inclusive). */
  fromInstant: Date;
  /** The CST day after `to` starts, as an instant (exclusive). */
  toInstant: Date;
  /** The months the window touches, `YYYY-MM`, in order. */
  months: string[];
}

/**
 * Operators and government institutions; anyone else FORBIDDEN, anonymous callers too (the
 * contract keeps UNAUTHENTICATED for a credential presented and refused: no credential is anonymous).
 */
export function requireStatisticsCaller(p: Principal): void {
  if (!isOperatorOrGovernment(p)) throw forbidden('Credit statistics are for government institutions and operators.');
}

const cstStart = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS);

export function statisticsWindow(args: { from: string; to: string; region?: string | null; industry?: string | null }): StatisticsWindow {
  const { from, to } = args;
  const region = args.region ?? null;
  const industry = args.industry ?? null;
  if (!isIsoDate(from) || !isIsoDate(to)) throw badUserInput('DATE_FORMAT', `from and to must be dates YYYY-MM-DD; got ${JSON.stringify([from, to])}`);
  if (from > to) throw badUserInput('PERIOD_ORDER', `from (${from}) must not be after to (${to})`);
  if (daysBetween(from, to) + 1 > MAX_DAYS) throw badUserInput('PERIOD_TOO_LONG', `a window of at most ${MAX_DAYS} days; got ${from} to ${to}`);
  if (region !== null && !/^\d{6}$/.test(region)) throw badUserInput('REGION_FORMAT', `region must be a 6-digit region code; got ${JSON.stringify(region)}`);
  if (industry !== null && !/^[A-T]$/.test(industry)) throw badUserInput('INDUSTRY_FORMAT', `industry must be a GB/T 4754 section letter A-T; got ${JSON.stringify(industry)}`);
  const months: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addDays(`${m}-28`, 7).slice(0, 7)) months.push(m);
  return { from, to, region, industry, fromInstant: cstStart(from), toInstant: cstStart(addDays(to, 1)), months };
}

/** The entity's key: the question itself, so every subgraph answers the same one. */
export const statisticsKey = (w: Pick<StatisticsWindow, 'from' | 'to' | 'region' | 'industry'>): string =>
  `${w.from}/${w.to}/${w.region ?? '*'}/${w.industry ?? '*'}`;

export function windowOfKey(key: string): StatisticsWindow {
  const [from = '', to = '', region = '*', industry = '*'] = key.split('/');
  return statisticsWindow({ from, to, region: region === '*' ? null : region, industry: industry === '*' ? null : industry });
}

// --- workflows: objections and repairs ------------------------------------------------------------

/**
 * What a subgraph's GROUP BY gives per department and CST month: cases filed in the window (and of
 * those, still open past their deadline today), or cases decided in it.
 */
export interface WorkflowGroup {
  department: string | null;
  month: string;
  received: number;
  overdue: number;
  decided: number;
}

export interface WorkflowFigures {
  received: number;
  decided: number;
  /** Received in the window and still open past their deadline today. */
  overdue: number;
  /** Of those decided in the window: the median of days from filing to decision (null: none). */
  medianDaysToDecide: number | null;
  byDepartment: { department: string; received: number; decided: number; overdue: number }[];
  monthly: { month: string; received: number; decided: number }[];
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `days`: of each case decided in the window, the days it took (tenths: a same-day median is not 0). */
export function foldWorkflow(groups: readonly WorkflowGroup[], days: readonly number[], w: StatisticsWindow): WorkflowFigures {
  const months = new Map(w.months.map((month) => [month, { month, received: 0, decided: 0 }]));
  const departments = new Map<string, { department: string; received: number; decided: number; overdue: number }>();
  let received = 0, decided = 0, overdue = 0;
  for (const g of groups) {
    const key = g.department ?? 'PLATFORM';
    let d = departments.get(key);
    if (!d) departments.set(key, (d = { department: key, received: 0, decided: 0, overdue: 0 }));
    d.received += g.received; d.decided += g.decided; d.overdue += g.overdue;
    received += g.received; decided += g.decided; overdue += g.overdue;
    const m = months.get(g.month);
    if (m) { m.received += g.received; m.decided += g.decided; }
  }
  return {
    received, decided, overdue, medianDaysToDecide: median(days.map((d) => Math.round(d * 10) / 10)),
    byDepartment: [...departments.values()].sort((a, b) => a.department.localeCompare(b.department)),
    monthly: [...months.values()],
  };
}

/**
 * The three statements of a workflow table, in PostgreSQL syntax (lib/db/reader.ts): per department
 * and CST month the cases filed in the window `$1`..`$2` (and how many of those are open past their
 * deadline on `$3`), the cases decided in it, and the days each decided case took (the median needs
 * them all: one number a case). `join` and `and` narrow the rows (alias `x`), e.g. to a region.
 */
export function workflowSql(provider: DatabaseProvider, t: { table: string; department: string; filed: string; join?: string; and?: string }) {
  const from = `FROM "${t.table}" x ${t.join ?? ''}`;
  const decidedIn = `WHERE x."decidedAt" >= $1 AND x."decidedAt" < $2${t.and ?? ''}`;
  return {
    filed: `SELECT x."${t.department}" AS "department", ${cstMonthSql(provider, `x."${t.filed}"`)} AS "month", COUNT(*) AS "received",
        SUM(CASE WHEN x."decidedAt" IS NULL AND x."dueOn" < $3 THEN 1 ELSE 0 END) AS "overdue"
      ${from} WHERE x."${t.filed}" >= $1 AND x."${t.filed}" < $2${t.and ?? ''} GROUP BY 1, 2`,
    decided: `SELECT x."${t.department}" AS "department", ${cstMonthSql(provider, 'x."decidedAt"')} AS "month", COUNT(*) AS "decided"
      ${from} ${decidedIn} GROUP BY 1, 2`,
    days: `SELECT ${daysBetweenSql(provider, `x."${t.filed}"`, 'x."decidedAt"')} AS "days" ${from} ${decidedIn}`,
  };
}

type GroupRow = { department: string | null; month: string; received?: unknown; overdue?: unknown; decided?: unknown };

/** The rows of workflowSql's three statements, as foldWorkflow takes them (counts arrive as text from pg). */
export function workflowRowsOf(filed: readonly GroupRow[], decided: readonly GroupRow[], days: readonly { days: unknown }[]) {
  const n = (v: unknown) => Number(v ?? 0);
  return {
    groups: [...filed, ...decided].map((r): WorkflowGroup =>
      ({ department: r.department, month: r.month, received: n(r.received), overdue: n(r.overdue), decided: n(r.decided) })),
    days: days.map((r) => n(r.days)),
  };
}
