/** Person rows: by opaque id (entity references) and by ID-number HMAC (`Query.person`). */
import type { Person } from '../../../prisma/generated/person/sqlite/client.ts';
import type { Db } from './client.ts';

export type PersonRow = Person;

export function personsByIds(db: Db, ids: readonly string[]): Promise<PersonRow[]> {
  return db.person.findMany({ where: { id: { in: [...ids] } } });
}

export function personsByIdHashes(db: Db, idHashes: readonly string[]): Promise<PersonRow[]> {
  return db.person.findMany({ where: { idHash: { in: [...idHashes] } } });
}
