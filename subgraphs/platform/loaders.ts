/** Per-request DataLoaders: N parents cost one statement per loader. */
import type DataLoader from 'dataloader';
import { byKey, groupByKey, loader } from '../../lib/loaders.ts';
import type { ApiKey, Institution } from '../../prisma/generated/platform/sqlite/client.ts';
import type { Db } from './db/client.ts';
import { findApiKeysOfInstitutions, findInstitutions } from './db/institutions.ts';

export interface Loaders {
  institutionById: DataLoader<string, Institution | null>;
  apiKeysByInstitutionId: DataLoader<string, ApiKey[]>;
}

export function createLoaders(db: Db): Loaders {
  return {
    institutionById: loader(async (ids) => byKey(ids, await findInstitutions(db, ids), (i) => i.id)),
    apiKeysByInstitutionId: loader(async (ids) => groupByKey(ids, await findApiKeysOfInstitutions(db, ids), (k) => k.institutionId)),
  };
}
