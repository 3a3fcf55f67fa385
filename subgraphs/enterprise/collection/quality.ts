/**
 * Collection quality (数据质量) per department and item over CST days, from the counters written with
 * every batch (db/collection.ts): what was submitted, accepted and rejected (by reason), the share
 * of unified codes that failed their check, timeliness (decision to arrival within the item's
 * deadline) and compliance (the item's update cycles in which the department delivered).
 */
import { departmentScope } from '../../../lib/caller.ts';
import type { CatalogueItem, UpdateCycle } from '../../../lib/catalogue/index.ts';
import { addDays, dayOfWeek, daysBetween, isIsoDate } from '../../../lib/time.ts';
import { badUserInput, forbidden } from '../../../lib/errors.ts';
import type { Context } from '../context.ts';
import { findDailyStats, type Counts } from '../db/collection.ts';

export const MAX_QUALITY_DAYS = 366;

type Counter = 'submitted' | 'accepted' | 'updated' | 'unchanged' | 'rejected' | 'withdrawn' | 'usccErrors' | 'timed' | 'onTime' | 'lagDays';

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = out.get(k);
    if (list) list.push(row); else out.set(k, [row]);
  }
  return out;
}

/** A department's figures for one item: the collection counters (warnings aside) and what follows from them. */
export interface DepartmentQuality extends Omit<Counts, 'warnings'> {
  department: string;
  item: string;
  rejectedByReason: Array<{ reason: string; count: number }>;
  usccErrorRate: number;
  timeliness: number | null;
  averageLagDays: number | null;
  cyclesDelivered: number;
  cyclesExpected: number;
  compliance: number;
}

/** The update cycle a CST day falls in (weeks start on Monday). REALTIME items have no schedule. */
export function cycleOf(day: string, cycle: UpdateCycle): string | null {
  switch (cycle) {
    case 'REALTIME': return null;
    case 'DAILY': return day;
    case 'WEEKLY': return addDays(day, -((dayOfWeek(day) + 6) % 7));
    case 'MONTHLY': return day.slice(0, 7);
    case 'QUARTERLY': return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
    case 'YEARLY': return day.slice(0, 4);
  }
}

/** Every cycle that overlaps the days `from`…`to`. */
function cyclesIn(from: string, to: string, cycle: UpdateCycle): Set<string> {
  const out = new Set<string>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const key = cycleOf(d, cycle);
    if (key !== null) out.add(key);
  }
  return out;
}

/** Which department's figures the caller may read: an operator any (null: all), a department its own. */
export function departmentFor(ctx: Context, asked: string | null | undefined, what = 'collection quality'): string | null {
  const p = ctx.caller.principal;
  if (p.kind === 'OPERATOR') return asked ?? null;
  if (p.kind === 'INSTITUTION' && p.institutionKind === 'SOURCE_DEPARTMENT') {
    const own = departmentScope(p.scopes);
    if (own !== null && (asked == null || asked === own)) return own;
  }
  throw forbidden(`A department sees its own ${what}; operators see every department's.`);
}

export async function dataQuality(
  ctx: Context, args: { department?: string | null; from: string; to: string },
): Promise<DepartmentQuality[]> {
  const department = departmentFor(ctx, args.department);
  for (const [name, value] of [['from', args.from], ['to', args.to]] as const) {
    if (!isIsoDate(value)) throw badUserInput('DATE_FORMAT', `${name} must be a date YYYY-MM-DD; got ${JSON.stringify(value)}`);
  }
  const span = daysBetween(args.from, args.to);
  if (span < 0 || span >= MAX_QUALITY_DAYS) {
    throw badUserInput('QUALITY_RANGE', `to must be on or after from and at most ${MAX_QUALITY_DAYS} days in all; got ${span + 1}`);
  }
  const { days, reasons } = await findDailyStats(ctx.db, { departmentCode: department, from: args.from, to: args.to });

  // Every (department, item) the catalogue expects deliveries of, plus any with figures.
  const key = (d: string, i: string) => `${d}\u0000${i}`;
  const pairs = new Map<string, { department: string; item: CatalogueItem | undefined }>();
  for (const item of ctx.catalogue.items) {
    if (item.subjectKind !== 'LEGAL_PERSON') continue;
    for (const d of item.providers) if (department === null || d === department) pairs.set(key(d, item.code), { department: d, item });
  }
  for (const s of days) {
    if (!pairs.has(key(s.departmentCode, s.itemCode))) pairs.set(key(s.departmentCode, s.itemCode), { department: s.departmentCode, item: ctx.catalogue.item(s.itemCode) });
  }

  const byPair = groupBy(days, (s) => key(s.departmentCode, s.itemCode));
  const reasonsByPair = groupBy(reasons, (r) => key(r.departmentCode, r.itemCode));
  const out: DepartmentQuality[] = [];
  for (const [k, { department: dept, item }] of pairs) {
    const rows = byPair.get(k) ?? [];
    const sum = (f: Counter) => rows.reduce((n, r) => n + r[f], 0);
    const cycle = item?.updateCycle ?? 'DAILY';
    const expected = cyclesIn(args.from, args.to, cycle);
    const delivered = new Set(rows.filter((r) => r.deliveries > 0).map((r) => cycleOf(r.day, cycle)).filter((c): c is string => c !== null));
    const submitted = sum('submitted');
    const timed = sum('timed');
    out.push({
      department: dept,
      item: item?.code ?? rows[0]!.itemCode,
      submitted, accepted: sum('accepted'), updated: sum('updated'), unchanged: sum('unchanged'), rejected: sum('rejected'), withdrawn: sum('withdrawn'),
      rejectedByReason: [...groupBy(reasonsByPair.get(k) ?? [], (r) => r.reason)]
        .map(([reason, rs]) => ({ reason, count: rs.reduce((n, r) => n + r.count, 0) })),
      usccErrorRate: submitted === 0 ? 0 : sum('usccErrors') / submitted,
      timeliness: timed === 0 ? null : sum('onTime') / timed,
      averageLagDays: timed === 0 ? null : sum('lagDays') / timed,
      cyclesDelivered: delivered.size,
      cyclesExpected: expected.size,
      // An item without a schedule (REALTIME) cannot be late.
      compliance: expected.size === 0 ? 1 : delivered.size / expected.size,
    });
  }
  return out.sort((a, b) => a.department.localeCompare(b.department) || a.item.localeCompare(b.item));
}
