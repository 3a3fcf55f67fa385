/**
 * Joint rewards and sanctions (联合奖惩): before granting a matter, a government business system
 * asks for up to 1,000 subjects at once whether a black list restricts them or a red list rewards
 * them. The catalogue (matters × measures × triggering list names) is reference data in the
 * database; the answer is one batched pass: the matter's rules (a constant number of statements),
 * then ONE statement for the active entries of every subject (db/sanctions.ts).
 *
 * Per subject: RESTRICTED when an active BLACK entry triggers a RESTRICTION measure of the matter;
 * else INCENTIVE when an active RED entry triggers an INCENTIVE measure; else NONE. An entry under
 * objection still counts (it stays in force until decided; `basis` shows the flag).
 */
import type { ListEntry } from '../../prisma/generated/enterprise/sqlite/client.ts';
import { badUserInput, CreditGraphError, forbidden } from '../../lib/errors.ts';
import { validateUscc } from '../../lib/identifiers.ts';
import type { Context } from './context.ts';
import { findEnterprisesByUscc } from './db/enterprises.ts';
import {
  findActiveListEntries, findSanctionMatter, findSanctionMatters, type SanctionMatterRow, type SanctionMeasureRow,
  type SanctionRuleWithMeasure,
} from './db/sanctions.ts';
import { maySearchSanctions } from './rules.ts';

export const MAX_SUBJECTS = 1000;

export type SanctionDecision = 'RESTRICTED' | 'INCENTIVE' | 'NONE';

export interface SanctionCheckResult {
  subject: string;
  decision: SanctionDecision;
  measures: SanctionMeasureRow[];
  basis: ListEntry[];
}

const LIST_OF_KIND = { RESTRICTION: 'BLACK', INCENTIVE: 'RED' } as const;

/**
 * The measures `entries` (all active, of one subject) trigger under `rules`, in code order, and the
 * entries that did, in their given order (pure).
 */
function triggered(rules: readonly SanctionRuleWithMeasure[], entries: readonly ListEntry[], kind: 'RESTRICTION' | 'INCENTIVE') {
  const measures = new Map<string, SanctionMeasureRow>();
  const basis: ListEntry[] = [];
  for (const e of entries) {
    if (e.listType !== LIST_OF_KIND[kind]) continue;
    const hits = rules.filter((rule) => rule.measure.kind === kind && rule.listName === e.listName);
    for (const rule of hits) measures.set(rule.measure.code, rule.measure);
    if (hits.length > 0) basis.push(e);
  }
  return { measures: [...measures.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)), basis };
}

/** One subject's decision from the matter's rules and the subject's active entries (pure). */
export function decide(subject: string, rules: readonly SanctionRuleWithMeasure[], entries: readonly ListEntry[]): SanctionCheckResult {
  const restriction = triggered(rules, entries, 'RESTRICTION');
  if (restriction.measures.length > 0) return { subject, decision: 'RESTRICTED', ...restriction };
  const incentive = triggered(rules, entries, 'INCENTIVE');
  if (incentive.measures.length > 0) return { subject, decision: 'INCENTIVE', ...incentive };
  return { subject, decision: 'NONE', measures: [], basis: [] };
}

export function sanctionMatters(ctx: Context): Promise<SanctionMatterRow[]> {
  return findSanctionMatters(ctx.db);
}

function requireSanctionsCaller(ctx: Context): void {
  if (!maySearchSanctions(ctx.caller.principal)) throw forbidden('Joint sanctions checks are for government institutions and operators.');
}

/**
 * Normalizes every subject. The whole call is refused for the first invalid one, naming its index;
 * a code failing only its check digit passes when an enterprise is on record under exactly it (a
 * legal historical code), which costs one lookup only when such codes are present.
 */
async function normalizeSubjects(ctx: Context, subjects: readonly string[]): Promise<string[]> {
  const checks = subjects.map((s) => validateUscc(s));
  const legacy = [...new Set(checks.flatMap((c) => (!c.ok && c.reason === 'USCC_CHECK_DIGIT' && c.uscc ? [c.uscc] : [])))];
  const onRecord = new Set(legacy.length > 0 ? (await findEnterprisesByUscc(ctx.db, legacy)).map((e) => e.uscc) : []);
  return checks.map((c, index) => {
    if (c.ok) return c.uscc;
    if (c.reason === 'USCC_CHECK_DIGIT' && c.uscc && onRecord.has(c.uscc)) return c.uscc;
    throw new CreditGraphError('BAD_USER_INPUT', `subjects[${index}]: ${c.message}`, { reason: c.reason, index });
  });
}

export async function checkSanctions(
  ctx: Context, args: { subjects: readonly string[]; matterCode: string },
): Promise<SanctionCheckResult[]> {
  requireSanctionsCaller(ctx);
  if (args.subjects.length > MAX_SUBJECTS) {
    throw badUserInput('TOO_MANY_SUBJECTS', `At most ${MAX_SUBJECTS} subjects per call; got ${args.subjects.length}.`);
  }
  const matter = await findSanctionMatter(ctx.db, args.matterCode);
  if (!matter) throw badUserInput('UNKNOWN_MATTER', `No matter '${args.matterCode}' in the catalogue (Query.sanctionMatters lists them).`);
  const subjects = await normalizeSubjects(ctx, args.subjects);
  const listNames = [...new Set(matter.rules.map((r) => r.listName))];
  const entries = await findActiveListEntries(ctx.db, [...new Set(subjects)], listNames, ctx.today);
  const bySubject = new Map<string, ListEntry[]>();
  for (const e of entries) {
    const list = bySubject.get(e.uscc);
    if (list) list.push(e);
    else bySubject.set(e.uscc, [e]);
  }
  return subjects.map((s) => decide(s, matter.rules, bySubject.get(s) ?? []));
}
