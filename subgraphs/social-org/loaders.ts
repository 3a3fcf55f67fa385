/** Per-request DataLoaders: N social organisations cost one statement per loader. */
import type DataLoader from 'dataloader';
import { byKey, groupByKey, loader } from '../../lib/loaders.ts';
import type {
  AnnualInspection, SocialOrganization, SocialOrgHonor, SocialOrgListEntry, SocialOrgPenalty,
} from '../../prisma/generated/social-org/sqlite/client.ts';
import type { Db } from './db/client.ts';
import { findHonors, findInspections, findListEntries, findPenalties, findSocialOrgs } from './db/social-orgs.ts';

export interface Loaders {
  socialOrgByUscc: DataLoader<string, SocialOrganization | null>;
  inspectionsByUscc: DataLoader<string, AnnualInspection[]>;
  penaltiesByUscc: DataLoader<string, SocialOrgPenalty[]>;
  honorsByUscc: DataLoader<string, SocialOrgHonor[]>;
  listEntriesByUscc: DataLoader<string, SocialOrgListEntry[]>;
}

export function createLoaders(db: Db): Loaders {
  const byUscc = <T extends { uscc: string }>(row: T) => row.uscc;
  return {
    socialOrgByUscc: loader(async (keys) => byKey(keys, await findSocialOrgs(db, keys), byUscc)),
    inspectionsByUscc: loader(async (keys) => groupByKey(keys, await findInspections(db, keys), byUscc)),
    penaltiesByUscc: loader(async (keys) => groupByKey(keys, await findPenalties(db, keys), byUscc)),
    honorsByUscc: loader(async (keys) => groupByKey(keys, await findHonors(db, keys), byUscc)),
    listEntriesByUscc: loader(async (keys) => groupByKey(keys, await findListEntries(db, keys), byUscc)),
  };
}
