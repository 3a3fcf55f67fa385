import type { UsageReportResolvers } from '../../../codegen/platform.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { topOperations } from '../db/usage.ts';

export const MAX_OPERATIONS = 100;

export const UsageReport: UsageReportResolvers = {
  /** Read only when asked for, over the report's own scope. */
  operations(report, { first }, { db }) {
    const n = first ?? 20;
    if (!Number.isInteger(n) || n < 0 || n > MAX_OPERATIONS) {
      throw badUserInput('FIRST', `first must be between 0 and ${MAX_OPERATIONS}; got ${n}`);
    }
    const scope = { institutionId: report.institutionId ?? null, from: new Date(report.from), to: new Date(report.to) };
    return topOperations(db, scope, n);
  },
};
