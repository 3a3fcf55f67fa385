/**
 * Disclosure rules the social-org subgraph owns. Legal-person information is public, except a
 * penalty whose publicity period has ended or that its department withdrew (issue 13): from then on
 * only government institutions (sharing between government bodies) and platform operators see it,
 * as the enterprise archive keeps its ended and withdrawn records for them (audit, the workflows).
 */
import type { Principal } from '../../lib/caller.ts';
import { isOperatorOrGovernment } from '../../lib/principals.ts';

/** Whether the caller may see penalties whose publicity period has ended, or that were withdrawn. */
export function seesExpiredPenalties(principal: Principal): boolean {
  return isOperatorOrGovernment(principal);
}

/** A penalty is publicised up to and including its `publicityEndDate` (none: no end), unless withdrawn. */
export function isPublic(penalty: { publicityEndDate: string | null; withdrawnOn: string | null }, today: string): boolean {
  return penalty.withdrawnOn === null && inPublicity(penalty, today);
}

/** Within the publicity period: up to and including its `publicityEndDate` (none: no end). */
export function inPublicity(penalty: { publicityEndDate: string | null }, today: string): boolean {
  return penalty.publicityEndDate === null || penalty.publicityEndDate >= today;
}

/**
 * A red/black list entry in force on `today`: listed, not removed, within its publicity period
 * (the same rule as the enterprise archive's isActiveListEntry). Entries not in force are shown
 * only to government institutions and operators, marked `active: false`.
 */
export function isListEntryInForce(
  e: { listedOn: string; removedOn: string | null; publicityEndDate: string | null }, today: string,
): boolean {
  return e.listedOn <= today && (e.removedOn === null || e.removedOn > today) && (e.publicityEndDate === null || e.publicityEndDate >= today);
}
