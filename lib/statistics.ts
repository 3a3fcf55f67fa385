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
import { isOperatorOrGovernment } from './principals.ts';
import { addDays, CST_OFFSET_MS, DAY_MS, daysBetween, isIsoDate, todayCST } from './time.ts';

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

/** The CST month (`YYYY-MM`) of an instant. */
export const cstMonth = (at: Date): string => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 7);

// --- workflows: objections and repairs ------------------------------------------------------------

/** One case as the statistics read it: filed or decided in the window (an index range each). */
export interface WorkflowRow {
  id: string;
  department: string | null;
  filedAt: Date;
  decidedAt: Date | null;
  /** The open step's deadline (CST date); null once decided. */
  dueOn: string | null;
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

const inWindow = (at: Date, w: StatisticsWindow) => at >= w.fromInstant && at < w.toInstant;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `rows`: the cases filed or decided in the window (a case in both once). */
export function foldWorkflow(rows: readonly WorkflowRow[], w: StatisticsWindow, now: Date): WorkflowFigures {
  const today = todayCST(now);
  const months = new Map(w.months.map((month) => [month, { month, received: 0, decided: 0 }]));
  const departments = new Map<string, { department: string; received: number; decided: number; overdue: number }>();
  const days: number[] = [];
  let received = 0, decided = 0, overdue = 0;
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const key = r.department ?? 'PLATFORM';
    let d = departments.get(key);
    if (!d) departments.set(key, (d = { department: key, received: 0, decided: 0, overdue: 0 }));
    if (inWindow(r.filedAt, w)) {
      received++; d.received++;
      months.get(cstMonth(r.filedAt))!.received++;
      if (r.decidedAt === null && r.dueOn !== null && r.dueOn < today) { overdue++; d.overdue++; }
    }
    if (r.decidedAt !== null && inWindow(r.decidedAt, w)) {
      decided++; d.decided++;
      months.get(cstMonth(r.decidedAt))!.decided++;
      // Tenths of a day: the median of a few cases decided the same day is not 0.
      days.push(Math.round((r.decidedAt.getTime() - r.filedAt.getTime()) / (DAY_MS / 10)) / 10);
    }
  }
  return {
    received, decided, overdue, medianDaysToDecide: median(days),
    byDepartment: [...departments.values()].sort((a, b) => a.department.localeCompare(b.department)),
    monthly: [...months.values()],
  };
}
