/** Person rows: by opaque id (entity references) and by ID-number HMAC (`Query.person`); lib/db/reader.ts. */
import type { Person } from '../../../prisma/generated/person/sqlite/client.ts';
import { select } from '../../../lib/db/reader.ts';
import type { Db } from './client.ts';

const byIds = select('person.byIds', 'SELECT * FROM "Person" WHERE "id" = ANY($1)');
const byIdHashes = select('person.byIdHashes', 'SELECT * FROM "Person" WHERE "idHash" = ANY($1)');

export type PersonRow = Person;

export function personsByIds(db: Db, ids: readonly string[]): Promise<PersonRow[]> {
  return db.reader.all<PersonRow>(byIds, [ids]);
}

export function personsByIdHashes(db: Db, idHashes: readonly string[]): Promise<PersonRow[]> {
  return db.reader.all<PersonRow>(byIdHashes, [idHashes]);
}
