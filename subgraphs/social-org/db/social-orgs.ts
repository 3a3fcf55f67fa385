/** Every social-org read: one statement per call, whatever the number of keys. */
import type {
  AnnualInspection, SocialOrganization, SocialOrgHonor, SocialOrgListEntry, SocialOrgPenalty,
} from '../../../prisma/generated/social-org/sqlite/client.ts';
import type { Db } from './client.ts';

export function findSocialOrgs(db: Db, usccs: readonly string[]): Promise<SocialOrganization[]> {
  return db.prisma.socialOrganization.findMany({ where: { uscc: { in: [...usccs] } } });
}

/** Newest year first. */
export function findInspections(db: Db, usccs: readonly string[]): Promise<AnnualInspection[]> {
  return db.prisma.annualInspection.findMany({
    where: { uscc: { in: [...usccs] } },
    orderBy: [{ year: 'desc' }, { id: 'asc' }],
  });
}

/** Newest decision first, withdrawn ones (issue 13) too: who sees which is rules.ts's (the resolver). */
export function findPenalties(db: Db, usccs: readonly string[]): Promise<SocialOrgPenalty[]> {
  return db.prisma.socialOrgPenalty.findMany({
    where: { uscc: { in: [...usccs] } },
    orderBy: [{ decisionDate: 'desc' }, { id: 'asc' }],
  });
}

/** Newest award first. */
export function findHonors(db: Db, usccs: readonly string[]): Promise<SocialOrgHonor[]> {
  return db.prisma.socialOrgHonor.findMany({
    where: { uscc: { in: [...usccs] } },
    orderBy: [{ awardedOn: 'desc' }, { id: 'asc' }],
  });
}

/** Red- and black-list entries, newest listing first. */
export function findListEntries(db: Db, usccs: readonly string[]): Promise<SocialOrgListEntry[]> {
  return db.prisma.socialOrgListEntry.findMany({
    where: { uscc: { in: [...usccs] } },
    orderBy: [{ listedOn: 'desc' }, { id: 'asc' }],
  });
}
