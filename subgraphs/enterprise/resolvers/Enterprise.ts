import type DataLoader from 'dataloader';
import type { EnterpriseOverviewResolvers, EnterpriseResolvers } from '../../../codegen/enterprise.ts';
import type { Context } from '../context.ts';
import type { EnterpriseRow } from '../db/enterprises.ts';
import type { Loaders } from '../loaders.ts';
import { forbidden } from '../../../lib/errors.ts';
import { listLimit } from '../paging.ts';
import { ratingFromLoaders } from '../rating.ts';
import { mayReadCasesOf } from '../rules.ts';

/** A record list of the archive: the category's loader, cut to `first`. */
const records = <R>(pick: (loaders: Loaders) => DataLoader<string, R[]>) =>
  async (parent: EnterpriseRow, { first }: { first?: number | null }, ctx: Context): Promise<R[]> =>
    (await pick(ctx.loaders).load(parent.uscc)).slice(0, listLimit(first));

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.enterpriseByUscc.load(ref.uscc),
  overview: (row) => row,
  licenses: records((l) => l.licensesByUscc),
  penalties: records((l) => l.penaltiesByUscc),
  redList: records((l) => l.redListByUscc),
  blackList: records((l) => l.blackListByUscc),
  certificates: records((l) => l.certificatesByUscc),
  inspections: records((l) => l.inspectionsByUscc),
  commitments: records((l) => l.commitmentsByUscc),
  evaluations: records((l) => l.evaluationsByUscc),
  honors: records((l) => l.honorsByUscc),
  otherRecords: records((l) => l.otherRecordsByUscc),
  legalRepresentative: (row) => (row.legalRepPersonId ? { __typename: 'Person', id: row.legalRepPersonId } : null),
  objections: (row, _args, ctx) => {
    if (!mayReadCasesOf(ctx.caller.principal, row.uscc)) throw forbidden('Objections are seen by the enterprise itself, government institutions and operators.');
    return ctx.loaders.objectionsByUscc.load(row.uscc);
  },
  repairApplications: (row, _args, ctx) => {
    if (!mayReadCasesOf(ctx.caller.principal, row.uscc)) throw forbidden('Repair applications are seen by the enterprise itself, government institutions and operators.');
    return ctx.loaders.repairsByUscc.load(row.uscc);
  },
  /** From the archive lists the request's loaders batch anyway: no statement of its own. */
  rating: (row, _args, ctx) => ratingFromLoaders(ctx.loaders, row.uscc, ctx.today, ctx.catalogue),
};

/** The "1": the Enterprise row itself; every other field has the column's name. */
export const EnterpriseOverview: EnterpriseOverviewResolvers = {
  registeredName: (row) => row.name,
};
