/** A person's repair application: columns map to fields by name; these derive the rest (repair.ts). */
import type { MutationResolvers, PersonRepairApplicationResolvers, QueryResolvers } from '../../../codegen/person.ts';
import type { RepairDocument } from '../../../lib/repair.ts';
import { forbidden } from '../../../lib/errors.ts';
import {
  applyForPersonRepair, decidePersonRepair, extendPersonRepair, handles, listPendingPersonRepairs, personRepairEligibility, REPAIR_CASE,
} from '../repair.ts';
import { logDisclosure } from '../rules.ts';

export const repairQueries: Pick<QueryResolvers, 'personRepairEligibility' | 'pendingPersonRepairs'> = {
  personRepairEligibility: (_p, args, ctx) => personRepairEligibility(ctx, args),
  pendingPersonRepairs: (_p, _args, ctx) => listPendingPersonRepairs(ctx),
};

export const repairMutations: Pick<MutationResolvers, 'applyForPersonRepair' | 'extendPersonRepair' | 'decidePersonRepair'> = {
  applyForPersonRepair: (_p, args, ctx) => applyForPersonRepair(ctx, args),
  extendPersonRepair: (_p, args, ctx) => extendPersonRepair(ctx, args),
  decidePersonRepair: (_p, args, ctx) => decidePersonRepair(ctx, args),
};

export const PersonRepairApplication: PersonRepairApplicationResolvers = {
  person: async (row, _args, ctx) => {
    const person = await ctx.loaders.personById.load(row.personId);
    if (!person) throw new Error(`person repair application ${row.id} names a person who is not on record (${row.personId})`);
    return person;
  },
  evidence: (row) => JSON.parse(row.evidence) as string[],
  documents: (row) => JSON.parse(row.documents) as RepairDocument[],
  status: (row) => row.status as 'PENDING' | 'APPROVED' | 'REJECTED',
  overdue: (row, _args, ctx) => row.status === 'PENDING' && row.dueOn < ctx.today,
  routedTo: (row) => row.departmentCode,
  /** The penalty: to the person (SELF) and to whoever handles the application (REPAIR_CASE), logged before it leaves. */
  record: async (row, _args, ctx) => {
    const rights = await ctx.loaders.rightsByPerson.load(row.personId);
    const grant = rights.self ? rights.grants.get('PENALTIES') : handles(ctx, row) ? REPAIR_CASE : undefined;
    if (!grant) throw forbidden('Only the person and whoever decides the application may see the record.');
    const [penalties] = await Promise.all([ctx.loaders.penaltiesByPerson.load(row.personId), logDisclosure(ctx, row.personId, 'PENALTIES', grant)]);
    return penalties.find((r) => r.id === row.recordId) ?? null;
  },
};
