import type { ConsentPurpose, ConsentResolvers } from '../../../codegen/person.ts';
import { isActive, parseCategories } from '../rules.ts';

export const Consent: ConsentResolvers = {
  purpose: (c) => c.purpose as ConsentPurpose,
  categories: (c) => parseCategories(c.categories),
  active: (c, _args, ctx) => isActive(c, ctx.now()),
};
