/**
 * Disclosure rules the social-org subgraph owns. Legal-person information is public, except a
 * penalty whose publicity period has ended: from then on only government institutions (sharing
 * between government bodies) and platform operators see it.
 */
import type { Principal } from '../../lib/caller.ts';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The date in China Standard Time (UTC+8, no DST), `YYYY-MM-DD`. */
export function todayCST(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether the caller may see penalties whose publicity period has ended. */
export function seesExpiredPenalties(principal: Principal): boolean {
  return principal.kind === 'OPERATOR'
    || (principal.kind === 'INSTITUTION' && principal.institutionKind === 'GOVERNMENT');
}

/** A penalty is publicised up to and including its `publicityEndDate` (none: no end). */
export function inPublicity(penalty: { publicityEndDate: string | null }, today: string): boolean {
  return penalty.publicityEndDate === null || penalty.publicityEndDate >= today;
}
