/**
 * Credit commitments (信用承诺), the "承诺-履约" loop Ningbo Jiangbei describes (seed 003): a
 * commitment of one of the kinds it lists is recorded IN_FORCE with its term by an operator or the
 * enterprise itself, and published until its term ends, whatever happens to it meanwhile; an
 * operator then marks it FULFILLED (kept) or BROKEN, and a breach becomes a record of the archive's
 * X (category 违反信用承诺), public for 3 years. Every step appends to the change log in its own
 * transaction.
 */
import { randomUUID } from 'node:crypto';
import type { ChangeEventInput } from '../../lib/change-log.ts';
import { addMonths, isIsoDate } from '../../lib/time.ts';
import { badUserInput, forbidden } from '../../lib/errors.ts';
import { validateUscc } from '../../lib/identifiers/uscc.ts';
import { transaction } from '../../lib/db/client.ts';
import { invalidState, notFound, requireOperator, requiredText } from '../../lib/workflow.ts';
import type { CreditCommitment, CreditRecord } from '../../prisma/generated/enterprise/sqlite/client.ts';
import { PLATFORM_DEPARTMENT, platformItemCode } from './catalogue.ts';
import type { Context } from './context.ts';
import { appendChangeEvents } from './db/change-log.ts';
import { breakCommitment, findCommitmentById, fulfilCommitment, insertCommitment } from './db/commitments.ts';
import { mayRecordCommitmentOf } from './rules.ts';
import { recordEvent } from './workflow-events.ts';

/** Publicity of a breach record: 3 years, as for other negative information. */
export const BREACH_PUBLICITY_MONTHS = 36;
/** The term of the commitment a granted repair puts in the archive (失信修复型). */
export const REPAIR_COMMITMENT_MONTHS = 12;

/**
 * The kinds of commitment Ningbo Jiangbei lists (seed 003: 审批替代型、容缺受理型、行业自律型、
 * 失信修复型, and the voluntary 综合性或专项 commitments it encourages), with the names earlier
 * records and the seed use for them.
 */
export const COMMITMENT_KINDS = {
  APPROVAL_SUBSTITUTE: { name: '审批替代型信用承诺', aliases: ['告知承诺制审批承诺', '证明事项告知承诺', '涉企经营许可事项告知承诺'] },
  TOLERANCE: { name: '容缺受理型信用承诺', aliases: ['容缺受理承诺'] },
  INDUSTRY_SELF_DISCIPLINE: { name: '行业自律型信用承诺', aliases: ['行业自律承诺'] },
  REPAIR: { name: '失信修复型信用承诺', aliases: ['信用修复承诺'] },
  VOLUNTARY: { name: '主动型信用承诺', aliases: ['综合性信用承诺', '专项信用承诺'] },
} as const;
export type CommitmentKind = keyof typeof COMMITMENT_KINDS;

/** The kind of a stored commitment type, or null for a type no kind names (older data). */
export function commitmentKindOf(commitmentType: string): CommitmentKind | null {
  for (const [kind, k] of Object.entries(COMMITMENT_KINDS) as [CommitmentKind, (typeof COMMITMENT_KINDS)[CommitmentKind]][]) {
    if (k.name === commitmentType || (k.aliases as readonly string[]).includes(commitmentType)) return kind;
  }
  return null;
}

/** A kind's code (APPROVAL_SUBSTITUTE) becomes its name; a known name stays; anything else is refused. */
function commitmentTypeOf(input: string): string {
  const text = requiredText(input, 'commitmentType', 100);
  if (text in COMMITMENT_KINDS) return COMMITMENT_KINDS[text as CommitmentKind].name;
  if (commitmentKindOf(text)) return text;
  throw badUserInput('COMMITMENT_TYPE', `commitmentType must be one of ${Object.keys(COMMITMENT_KINDS).join(', ')} (or its name, e.g. ${COMMITMENT_KINDS.TOLERANCE.name}); got ${JSON.stringify(text)}.`);
}

const commitmentFound = (c: CreditCommitment) => ({ type: 'CreditCommitment' as const, row: c });

export async function recordCommitment(
  ctx: Context, args: { uscc: string; commitmentType: string; content: string; validTo: string },
): Promise<CreditCommitment> {
  const check = validateUscc(args.uscc);
  if (!check.ok) throw badUserInput(check.reason, check.message);
  const p = ctx.caller.principal;
  if (!mayRecordCommitmentOf(p, check.uscc)) {
    throw forbidden('Only an operator or the enterprise itself may record its commitment.');
  }
  const commitmentType = commitmentTypeOf(args.commitmentType);
  const content = requiredText(args.content, 'content', 5000);
  if (!isIsoDate(args.validTo)) throw badUserInput('DATE_FORMAT', `validTo must be a date YYYY-MM-DD; got ${JSON.stringify(args.validTo)}`);
  if (args.validTo < ctx.today) throw badUserInput('VALID_TO_PAST', `validTo ${args.validTo} is before today (${ctx.today}).`);
  const enterprise = await ctx.loaders.enterpriseByUscc.load(check.uscc);
  if (!enterprise) throw notFound('enterprise', check.uscc);
  return transaction(ctx.db, async (tx) => {
    const created = await insertCommitment(tx, {
      id: randomUUID(),
      uscc: enterprise.uscc,
      catalogItemCode: platformItemCode('CN'),
      sourceDepartment: PLATFORM_DEPARTMENT,
      documentNumber: null,
      decisionDate: ctx.today,
      validFrom: ctx.today,
      validTo: args.validTo,
      // Published until its term ends, whether kept, broken or still running.
      publicityEndDate: args.validTo,
      status: 'PUBLISHED',
      underObjection: false,
      commitmentType,
      content,
      committedOn: ctx.today,
      commitmentStatus: 'IN_FORCE',
    });
    await appendChangeEvents(tx, [recordEvent('RECORD_ADDED', commitmentFound(created), 'COMMITMENT')], ctx.now(), ctx.db.reader.provider);
    return created;
  });
}

async function inForce(ctx: Context, id: string): Promise<CreditCommitment> {
  const commitment = await findCommitmentById(ctx.db, id);
  if (!commitment) throw notFound('credit commitment', id);
  if (commitment.commitmentStatus !== 'IN_FORCE') {
    throw invalidState(`The commitment is ${commitment.commitmentStatus}; this step needs IN_FORCE.`, commitment.commitmentStatus);
  }
  return commitment;
}

const changed = () => invalidState('The commitment was changed by another request; reload it.', 'CHANGED');

export async function markCommitmentBroken(
  ctx: Context, args: { id: string; note: string },
): Promise<{ commitment: CreditCommitment; record: CreditRecord }> {
  requireOperator(ctx.caller.principal);
  const note = requiredText(args.note, 'note', 2000);
  const commitment = await inForce(ctx, args.id);
  const result = await breakCommitment(ctx.db, commitment.id, {
    id: randomUUID(),
    uscc: commitment.uscc,
    catalogItemCode: platformItemCode('QT'),
    sourceDepartment: commitment.sourceDepartment,
    documentNumber: commitment.documentNumber,
    decisionDate: ctx.today,
    validFrom: ctx.today,
    validTo: null,
    publicityEndDate: addMonths(ctx.today, BREACH_PUBLICITY_MONTHS),
    status: 'PUBLISHED',
    underObjection: false,
    category: '违反信用承诺',
    title: `违反信用承诺：${commitment.commitmentType}`,
    content: `${note}（承诺于${commitment.committedOn}：${commitment.content}）`,
  }, (tx, r) => appendChangeEvents(tx, [
    recordEvent('COMMITMENT_BROKEN', commitmentFound(r.commitment), 'COMMITMENT', { note }),
    recordEvent('RECORD_ADDED', { type: 'CreditRecord', row: r.record }, 'COMMITMENT'),
  ], ctx.now(), ctx.db.reader.provider));
  if (!result) throw changed();
  return result;
}

/** An operator marks an IN_FORCE commitment kept; it stays published until its term ends. */
export async function markCommitmentFulfilled(ctx: Context, args: { id: string; note: string }): Promise<CreditCommitment> {
  requireOperator(ctx.caller.principal);
  const note = requiredText(args.note, 'note', 2000);
  const commitment = await inForce(ctx, args.id);
  const events = (c: CreditCommitment): ChangeEventInput[] => [recordEvent('COMMITMENT_FULFILLED', commitmentFound(c), 'COMMITMENT', { note })];
  const result = await fulfilCommitment(ctx.db, commitment.id, (tx, c) => appendChangeEvents(tx, events(c), ctx.now(), ctx.db.reader.provider));
  if (!result) throw changed();
  return result;
}
