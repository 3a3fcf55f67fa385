/**
 * Per-request DataLoaders: N parents cost one `findMany … IN (…)` per loader. The caller's
 * visibility and the request's "today" are fixed when the loaders are built, so every batch
 * carries the disclosure rule into its one query.
 */
import type DataLoader from 'dataloader';
import type { Caller } from '../../lib/caller.ts';
import type { Catalogue } from '../../lib/catalogue/index.ts';
import { byKey, groupByKey, loader } from '../../lib/loaders.ts';
import type { Db } from './db/client.ts';
import { findEnterprisesByUscc, type EnterpriseRow } from './db/enterprises.ts';
import {
  findCertificatesByUscc, findCommitmentsByUscc, findEvaluationsByUscc, findHonorsByUscc, findInspectionsByUscc,
  findLicensesByUscc, findListEntriesByUscc, findOtherRecordsByUscc, findPenaltiesByUscc, type RecordFinder,
} from './db/records.ts';
import { findObjectionsByUscc, findStepsByObjectionId, type ObjectionRow, type ObjectionStepRow } from './db/objections.ts';
import { findRepairsByUscc, type RepairApplicationRow } from './db/repairs.ts';
import { visibilityFor } from './rules.ts';

export function createLoaders(db: Db, caller: Caller, opts: { today: string; catalogue: Catalogue }) {
  const visibility = visibilityFor(caller.principal, opts.catalogue);
  const records = <R extends { uscc: string }>(find: RecordFinder<R>): DataLoader<string, R[]> =>
    loader(async (usccs) => groupByKey(usccs, await find(db, usccs, visibility, opts.today), (r) => r.uscc));

  return {
    enterpriseByUscc: loader<string, EnterpriseRow | null>(async (usccs) =>
      byKey(usccs, await findEnterprisesByUscc(db, usccs), (r) => r.uscc)),
    licensesByUscc: records(findLicensesByUscc),
    penaltiesByUscc: records(findPenaltiesByUscc),
    redListByUscc: records(findListEntriesByUscc('RED')),
    blackListByUscc: records(findListEntriesByUscc('BLACK')),
    certificatesByUscc: records(findCertificatesByUscc),
    inspectionsByUscc: records(findInspectionsByUscc),
    commitmentsByUscc: records(findCommitmentsByUscc),
    evaluationsByUscc: records(findEvaluationsByUscc),
    honorsByUscc: records(findHonorsByUscc),
    otherRecordsByUscc: records(findOtherRecordsByUscc),
    // The workflows' cases: who may read them is checked by the field before loading.
    objectionsByUscc: loader<string, ObjectionRow[]>(async (usccs) =>
      groupByKey(usccs, await findObjectionsByUscc(db, usccs), (r) => r.uscc)),
    stepsByObjectionId: loader<string, ObjectionStepRow[]>(async (ids) =>
      groupByKey(ids, await findStepsByObjectionId(db, ids), (r) => r.objectionId)),
    repairsByUscc: loader<string, RepairApplicationRow[]>(async (usccs) =>
      groupByKey(usccs, await findRepairsByUscc(db, usccs), (r) => r.uscc)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
