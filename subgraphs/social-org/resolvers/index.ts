import type { Resolvers } from '../../../codegen/social-org.ts';
import { DateScalar } from '../../../lib/scalars.ts';
import { Query } from './Query.ts';
import { SocialOrganization } from './SocialOrganization.ts';

export const resolvers: Resolvers = {
  Date: DateScalar,
  Query,
  SocialOrganization,
};
