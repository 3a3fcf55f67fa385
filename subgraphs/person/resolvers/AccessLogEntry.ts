import type { AccessLogEntryResolvers } from '../../../codegen/person.ts';
import { isPurpose, parseCategories } from '../rules.ts';

export const AccessLogEntry: AccessLogEntryResolvers = {
  categories: (e) => parseCategories(e.categories),
  purpose: (e) => (isPurpose(e.purpose) ? e.purpose : null),
};
