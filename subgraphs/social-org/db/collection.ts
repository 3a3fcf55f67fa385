/** The social-org registry of collected records and their receipts (prisma/social-org/schema.prisma, issue 13). */
import { prismaRegistry } from '../../../lib/collection/registry.ts';
import type { Prisma } from '../../../prisma/generated/social-org/sqlite/client.ts';
import type { Tx } from './client.ts';

/** The registry's tables in the social-org database (lib/collection/registry.ts). */
export const registry = prismaRegistry<Tx>();

/** A collected penalty's columns (the platform's: item, department, publicity end; the sender's: the rest). */
export type PenaltyColumns = Omit<Prisma.SocialOrgPenaltyUncheckedCreateInput, 'id' | 'uscc' | 'withdrawnOn'>;

export async function writePenalty(tx: Tx, id: string, uscc: string, columns: PenaltyColumns, isNew: boolean): Promise<void> {
  await (isNew
    ? tx.prisma.socialOrgPenalty.create({ data: { ...columns, id, uscc } })
    : tx.prisma.socialOrgPenalty.update({ where: { id }, data: { ...columns, uscc } }));
}

/** From `day` on the penalty is disclosed only to government institutions and operators (rules.ts isPublic). */
export async function withdrawPenalty(tx: Tx, id: string, day: string): Promise<void> {
  await tx.prisma.socialOrgPenalty.update({ where: { id }, data: { withdrawnOn: day } });
}
