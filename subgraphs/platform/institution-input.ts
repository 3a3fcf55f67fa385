/**
 * What a new institution must look like, checked once for every way in (the registerInstitution
 * mutation, the operator CLI, the seed): each failure is BAD_USER_INPUT with a reason.
 */
import { DEPARTMENT_SCOPE_PREFIX, INSTITUTION_KINDS, type InstitutionKind } from '../../lib/caller.ts';
import { badUserInput } from '../../lib/errors.ts';

export const INSTITUTION_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

export const NAME_MAX_LENGTH = 200;
export const SCOPE_FORMAT = /^[a-z][a-z0-9:-]*$/;
/** Scopes the platform derives from who is calling (lib/caller.ts principalScopes): never granted. */
const RESERVED_SCOPES = new Set(['operator', 'person:self', 'enterprise:self']);
const RESERVED_PREFIX = 'institution:';

export interface NewInstitution {
  name: string;
  kind: string;
  scopes?: readonly string[] | null;
  ratePerSecond?: number | null;
  burst?: number | null;
  dailyArchivePulls?: number | null;
  monthlyArchivePulls?: number | null;
  /** Credit reports per CST month (issue 15). */
  monthlyReports?: number | null;
}

export interface ValidInstitution {
  name: string;
  kind: InstitutionKind;
  scopes: string[];
  ratePerSecond?: number;
  burst?: number;
  dailyArchivePulls: number | null;
  monthlyArchivePulls: number | null;
  monthlyReports: number | null;
}

function limit(field: string, value: number | null | undefined, min: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min) {
    throw badUserInput('PLAN_LIMIT', `${field} must be an integer of at least ${min}; got ${value}`);
  }
  return value;
}

/** The trimmed name, the kind, the scopes (deduplicated, in order) and the plan, or BAD_USER_INPUT. */
export function validateNewInstitution(input: NewInstitution): ValidInstitution {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length === 0 || name.length > NAME_MAX_LENGTH) {
    throw badUserInput('INSTITUTION_NAME', `name must be 1 to ${NAME_MAX_LENGTH} characters (after trimming); got ${name.length}`);
  }
  if (!(INSTITUTION_KINDS as readonly string[]).includes(input.kind)) {
    throw badUserInput('INSTITUTION_KIND', `kind must be one of ${INSTITUTION_KINDS.join(', ')}; got ${JSON.stringify(input.kind)}`);
  }
  const scopes = [...new Set(input.scopes ?? [])];
  for (const scope of scopes) {
    if (typeof scope !== 'string' || !SCOPE_FORMAT.test(scope)) {
      throw badUserInput('SCOPE_FORMAT', `scopes must match ${SCOPE_FORMAT}; got ${JSON.stringify(scope)}`);
    }
    if (RESERVED_SCOPES.has(scope) || scope.startsWith(RESERVED_PREFIX)) {
      throw badUserInput('SCOPE_RESERVED', `scope ${scope} is derived from who is calling and cannot be granted to an institution`);
    }
  }
  // A source department submits as the one catalogue department its scope names; no one else may carry one.
  const departments = scopes.filter((s) => s.startsWith(DEPARTMENT_SCOPE_PREFIX));
  if (input.kind === 'SOURCE_DEPARTMENT' ? departments.length !== 1 : departments.length !== 0) {
    throw badUserInput('DEPARTMENT_SCOPE', input.kind === 'SOURCE_DEPARTMENT'
      ? `a SOURCE_DEPARTMENT needs exactly one scope ${DEPARTMENT_SCOPE_PREFIX}<code> naming its catalogue department; got ${departments.length}`
      : `only a SOURCE_DEPARTMENT carries a ${DEPARTMENT_SCOPE_PREFIX}<code> scope`);
  }
  return {
    name,
    kind: input.kind as InstitutionKind,
    scopes,
    ...validatePlan(input),
  };
}

type PlanInput = Pick<NewInstitution, 'ratePerSecond' | 'burst' | 'dailyArchivePulls' | 'monthlyArchivePulls' | 'monthlyReports'>;

/** A plan's limits (BAD_USER_INPUT, reason PLAN_LIMIT): rate and burst at least 1 (absent: the defaults), quotas at least 0 or null. */
export function validatePlan(input: PlanInput): Pick<ValidInstitution, 'ratePerSecond' | 'burst' | 'dailyArchivePulls' | 'monthlyArchivePulls' | 'monthlyReports'> {
  return {
    ratePerSecond: limit('ratePerSecond', input.ratePerSecond, 1),
    burst: limit('burst', input.burst, 1),
    dailyArchivePulls: limit('dailyArchivePulls', input.dailyArchivePulls, 0) ?? null,
    monthlyArchivePulls: limit('monthlyArchivePulls', input.monthlyArchivePulls, 0) ?? null,
    monthlyReports: limit('monthlyReports', input.monthlyReports, 0) ?? null,
  };
}

export function validateStatus(status: string): InstitutionStatus {
  if (!(INSTITUTION_STATUSES as readonly string[]).includes(status)) {
    throw badUserInput('INSTITUTION_STATUS', `status must be one of ${INSTITUTION_STATUSES.join(', ')}; got ${JSON.stringify(status)}`);
  }
  return status as InstitutionStatus;
}

/** Scopes are stored space-separated. */
export const parseScopes = (stored: string): string[] => stored.split(' ').filter(Boolean);
export const storeScopes = (scopes: readonly string[]): string => scopes.join(' ');
