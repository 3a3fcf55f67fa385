import type { Resolvers } from '../../../codegen/enterprise.ts';
import * as records from './ArchiveRecord.ts';
import { Enterprise, EnterpriseOverview } from './Enterprise.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { Query, Enterprise, EnterpriseOverview, ...records };
