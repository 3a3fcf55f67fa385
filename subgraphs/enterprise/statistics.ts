/**
 * `creditStatistics` (信用大数据监测, issue 16), the enterprise subgraph's part: the entity is the
 * question (lib/statistics.ts), each field folds the rows of its own indexed statements
 * (db/statistics.ts), so a caller asking for the lists alone runs the list statements alone.
 */
import { foldWorkflow, requireStatisticsCaller, statisticsWindow, type StatisticsWindow, type WorkflowFigures } from '../../lib/statistics.ts';
import type { Context } from './context.ts';
import { countEnterprises, countSeriousSubjects, listFigures, sanctionRows, workflowFigures, type Scope } from './db/statistics.ts';

/** The black list that warns rather than names serious dishonesty (经营异常名录, 信用警示). */
export const WARNING_LIST = '经营异常名录';

const LIST_TYPES = ['RED', 'BLACK'] as const;

export function creditStatistics(ctx: Context, args: { from: string; to: string; region?: string | null; industry?: string | null }): StatisticsWindow {
  requireStatisticsCaller(ctx.caller.principal);
  return statisticsWindow(args);
}

const scopeOf = (w: StatisticsWindow): Scope => ({ region: w.region, industry: w.industry });

export async function lists(ctx: Context, w: StatisticsWindow) {
  const f = await listFigures(ctx.db, scopeOf(w), w.from, w.to);
  return LIST_TYPES.map((listType) => {
    const stock = f.stock.find((r) => r.listType === listType);
    const monthly = w.months.map((month) => ({
      month,
      entered: f.entered.find((r) => r.listType === listType && r.month === month)?.count ?? 0,
      left: f.left.find((r) => r.listType === listType && r.month === month)?.count ?? 0,
    }));
    return {
      listType,
      activeEntries: stock?.entries ?? 0,
      activeSubjects: stock?.subjects ?? 0,
      entered: monthly.reduce((s, m) => s + m.entered, 0),
      left: monthly.reduce((s, m) => s + m.left, 0),
      monthly,
    };
  });
}

export async function seriousDishonesty(ctx: Context, w: StatisticsWindow) {
  const [subjects, enterprises] = await Promise.all([countSeriousSubjects(ctx.db, scopeOf(w), w.to, WARNING_LIST), countEnterprises(ctx.db, scopeOf(w))]);
  return { subjects, share: enterprises === 0 ? 0 : subjects / enterprises };
}

export const enterprises = (ctx: Context, w: StatisticsWindow) => countEnterprises(ctx.db, scopeOf(w));

export async function workflow(ctx: Context, w: StatisticsWindow, which: 'objections' | 'repairs'): Promise<WorkflowFigures> {
  const { groups, days } = await workflowFigures(ctx.db, which, scopeOf(w), w.fromInstant, w.toInstant, ctx.today);
  return foldWorkflow(groups, days, w);
}

interface Tally { checks: number; subjectsChecked: number; interceptions: number; incentives: number; applied: number; notApplied: number; unreported: number }
const tally = (): Tally => ({ checks: 0, subjectsChecked: 0, interceptions: 0, incentives: 0, applied: 0, notApplied: 0, unreported: 0 });

export async function sanctions(ctx: Context, w: StatisticsWindow) {
  const { checks, cases } = await sanctionRows(ctx.db, w.from, w.to);
  const total = tally();
  const byMatter = new Map<string, Tally>();
  const byDepartment = new Map<string, Tally>();
  const monthly = new Map(w.months.map((month) => [month, { month, checks: 0, interceptions: 0, incentives: 0 }]));
  const matterOf = (code: string) => ctx.sanctions.matters.matter(code);
  const get = <K>(m: Map<K, Tally>, k: K) => { let t = m.get(k); if (!t) m.set(k, (t = tally())); return t; };
  const targets = (code: string) => [total, get(byMatter, code), get(byDepartment, matterOf(code)?.implementingDepartment ?? 'UNKNOWN')];
  for (const r of checks) {
    for (const t of targets(r.matterCode)) {
      t.checks += r.checks; t.subjectsChecked += r.subjects; t.interceptions += r.restricted; t.incentives += r.incentive;
    }
    const m = monthly.get(r.month);
    if (m) { m.checks += r.checks; m.interceptions += r.restricted; m.incentives += r.incentive; }
  }
  for (const r of cases) {
    const field = r.outcome === 'APPLIED' ? 'applied' : r.outcome === 'NOT_APPLIED' ? 'notApplied' : 'unreported';
    for (const t of targets(r.matterCode)) t[field] += r.count;
  }
  return {
    ...total,
    byMatter: [...byMatter].sort(([a], [b]) => a.localeCompare(b)).map(([matterCode, t]) => {
      const m = matterOf(matterCode);
      return { matterCode, matterName: m?.name ?? null, initiatingDepartment: m?.initiatingDepartment ?? null, implementingDepartment: m?.implementingDepartment ?? null, ...t };
    }),
    byDepartment: [...byDepartment].sort(([a], [b]) => a.localeCompare(b)).map(([department, t]) => {
      const { subjectsChecked: _, ...rest } = t;
      return { department, ...rest };
    }),
    monthly: [...monthly.values()],
  };
}
