/**
 * Credit commitments (信用承诺): recorded IN_FORCE with their terms by an operator or the
 * enterprise itself; an operator marks a broken one BROKEN, and the breach becomes a record of the
 * archive's X (category 违反信用承诺), public for 3 years.
 */
import { randomUUID } from 'node:crypto';
import { addMonths, isIsoDate } from '../../lib/time.ts';
import { badUserInput, forbidden } from '../../lib/errors.ts';
import { validateUscc } from '../../lib/identifiers.ts';
import { invalidState, notFound, requireOperator, requiredText } from '../../lib/workflow.ts';
import type { CreditCommitment, CreditRecord } from '../../prisma/generated/enterprise/sqlite/client.ts';
import { PLATFORM_DEPARTMENT, platformItemCode } from './catalogue.ts';
import type { Context } from './context.ts';
import { breakCommitment, findCommitmentById, insertCommitment } from './db/commitments.ts';
import { mayRecordCommitmentOf } from './rules.ts';

/** Publicity of a breach record: 3 years, as for other negative information. */
export const BREACH_PUBLICITY_MONTHS = 36;

export async function recordCommitment(
  ctx: Context, args: { uscc: string; commitmentType: string; content: string; validTo: string },
): Promise<CreditCommitment> {
  const check = validateUscc(args.uscc);
  if (!check.ok) throw badUserInput(check.reason, check.message);
  const p = ctx.caller.principal;
  if (!mayRecordCommitmentOf(p, check.uscc)) {
    throw forbidden('Only an operator or the enterprise itself may record its commitment.');
  }
  const commitmentType = requiredText(args.commitmentType, 'commitmentType', 100);
  const content = requiredText(args.content, 'content', 5000);
  if (!isIsoDate(args.validTo)) throw badUserInput('DATE_FORMAT', `validTo must be a date YYYY-MM-DD; got ${JSON.stringify(args.validTo)}`);
  if (args.validTo < ctx.today) throw badUserInput('VALID_TO_PAST', `validTo ${args.validTo} is before today (${ctx.today}).`);
  const enterprise = await ctx.loaders.enterpriseByUscc.load(check.uscc);
  if (!enterprise) throw notFound('enterprise', check.uscc);
  return insertCommitment(ctx.db, {
    id: randomUUID(),
    uscc: enterprise.uscc,
    catalogItemCode: platformItemCode('CN'),
    sourceDepartment: PLATFORM_DEPARTMENT,
    documentNumber: null,
    decisionDate: ctx.today,
    validFrom: ctx.today,
    validTo: args.validTo,
    publicityEndDate: args.validTo,
    status: 'PUBLISHED',
    underObjection: false,
    commitmentType,
    content,
    committedOn: ctx.today,
    commitmentStatus: 'IN_FORCE',
  });
}

export async function markCommitmentBroken(
  ctx: Context, args: { id: string; note: string },
): Promise<{ commitment: CreditCommitment; record: CreditRecord }> {
  requireOperator(ctx.caller.principal);
  const note = requiredText(args.note, 'note', 2000);
  const commitment = await findCommitmentById(ctx.db, args.id);
  if (!commitment) throw notFound('credit commitment', args.id);
  if (commitment.commitmentStatus !== 'IN_FORCE') {
    throw invalidState(`The commitment is ${commitment.commitmentStatus}; only one IN_FORCE can be broken.`, commitment.commitmentStatus);
  }
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
  });
  if (!result) throw invalidState('The commitment was changed by another request; reload it.', 'CHANGED');
  return result;
}
