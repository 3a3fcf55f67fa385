/** Consents: a person's grants to an institution for a purpose, categories and an expiry. */
import { randomUUID } from 'node:crypto';
import type { Consent } from '../../../prisma/generated/person/sqlite/client.ts';
import { select } from '../../../lib/db/reader.ts';
import type { Db } from './client.ts';

const DATES = ['grantedAt', 'expiresAt', 'revokedAt'];
const ofPersonsForInstitution = select('person.consentsForInstitution',
  'SELECT * FROM "Consent" WHERE "personId" = ANY($1) AND "institutionId" = $2', ['monitoring'], DATES);

export type ConsentRow = Consent;

/**
 * The consents these persons gave to one institution. Always the same statement whether or not
 * the persons exist, so the time it takes reveals nothing (a prepared statement: lib/db/reader.ts).
 */
export function consentsOfPersonsForInstitution(db: Db, personIds: readonly string[], institutionId: string): Promise<ConsentRow[]> {
  return db.reader.all<ConsentRow>(ofPersonsForInstitution, [personIds, institutionId]);
}

export function consentsOfPersons(db: Db, personIds: readonly string[]): Promise<ConsentRow[]> {
  return db.prisma.consent.findMany({
    where: { personId: { in: [...personIds] } },
    orderBy: [{ grantedAt: 'desc' }, { id: 'asc' }],
  });
}

export interface NewConsent {
  personId: string;
  institutionId: string;
  purpose: string;
  categories: readonly string[];
  expiresAt: Date;
  grantedAt: Date;
  /** Also covers monitoring (issue 14). */
  monitoring?: boolean;
}

export function createConsent(db: Db, c: NewConsent): Promise<ConsentRow> {
  return db.prisma.consent.create({
    data: {
      id: randomUUID(),
      personId: c.personId,
      institutionId: c.institutionId,
      purpose: c.purpose,
      categories: c.categories.join(','),
      grantedAt: c.grantedAt,
      expiresAt: c.expiresAt,
      monitoring: c.monitoring ?? false,
    },
  });
}

/**
 * Revokes a consent of `personId`. Null when no consent with that id belongs to that person
 * (which of the two is not told: the caller learns nothing about other persons' consents).
 * Revoking twice keeps the first revocation time.
 */
export async function revokeConsentOf(db: Db, id: string, personId: string, now: Date): Promise<ConsentRow | null> {
  await db.prisma.consent.updateMany({ where: { id, personId, revokedAt: null }, data: { revokedAt: now } });
  return db.prisma.consent.findFirst({ where: { id, personId } });
}
