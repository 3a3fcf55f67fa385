/**
 * Institutions and their API keys: every Prisma call of the platform subgraph. The gateway imports
 * `findApiKeyByPrefix` (it authenticates keys against this database) and the operator CLI and seed
 * import `createInstitution` / `createApiKey`; all take the client as a parameter.
 */
import { randomUUID } from 'node:crypto';
import { generateApiKey } from '../../../lib/api-keys.ts';
import { CreditGraphError, badUserInput } from '../../../lib/errors.ts';
import type { ApiKey, Institution, Prisma } from '../../../prisma/generated/platform/sqlite/client.ts';
import {
  storeScopes, validateNewInstitution, validateStatus, type NewInstitution,
} from '../institution-input.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from './client.ts';

export type ApiKeyWithInstitution = ApiKey & { institution: Institution };

/** A key just made: `key` is the whole key, to show once; `row` holds only its hash. */
export interface CreatedApiKey {
  row: ApiKey;
  key: string;
}

const notFound = (what: string, id: string) => new CreditGraphError('NOT_FOUND', `No ${what} with id ${id}.`, { id });

// ------------------------------------------------------------------ institutions

/** Validates (BAD_USER_INPUT with a reason) and inserts an ACTIVE institution. */
export async function createInstitution(
  db: Tx,
  data: NewInstitution & { id?: string },
  now: Date = new Date(),
): Promise<Institution> {
  const valid = validateNewInstitution(data);
  return db.prisma.institution.create({
    data: {
      id: data.id ?? randomUUID(),
      name: valid.name,
      kind: valid.kind,
      status: 'ACTIVE',
      scopes: storeScopes(valid.scopes),
      createdAt: now,
      ratePerSecond: valid.ratePerSecond,
      burst: valid.burst,
      dailyArchivePulls: valid.dailyArchivePulls,
      monthlyArchivePulls: valid.monthlyArchivePulls,
      monthlyReports: valid.monthlyReports,
    },
  });
}

/** Oldest first. */
export function listInstitutions(db: Tx): Promise<Institution[]> {
  return db.prisma.institution.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

export function findInstitutions(db: Tx, ids: readonly string[]): Promise<Institution[]> {
  return db.prisma.institution.findMany({ where: { id: { in: [...ids] } } });
}

/** ACTIVE or SUSPENDED; NOT_FOUND for an unknown id. */
export async function setInstitutionStatus(db: Tx, id: string, status: string): Promise<Institution> {
  const valid = validateStatus(status);
  const { count } = await db.prisma.institution.updateMany({ where: { id }, data: { status: valid } });
  const row = count > 0 ? await db.prisma.institution.findUnique({ where: { id } }) : null;
  if (!row) throw notFound('institution', id);
  return row;
}

// ------------------------------------------------------------------ API keys

/** The key with this public prefix, joined with its institution; null when either is missing. */
export async function findApiKeyByPrefix(db: Tx, prefix: string): Promise<ApiKeyWithInstitution | null> {
  const key = await db.prisma.apiKey.findUnique({ where: { prefix } });
  if (!key) return null;
  const institution = await db.prisma.institution.findUnique({ where: { id: key.institutionId } });
  return institution ? { ...key, institution } : null;
}

/** A new key for an existing institution (NOT_FOUND otherwise); only the secret's hash is stored. */
export async function createApiKey(db: Tx, institutionId: string, now: Date = new Date()): Promise<CreatedApiKey> {
  const institution = await db.prisma.institution.findUnique({ where: { id: institutionId }, select: { id: true } });
  if (!institution) throw notFound('institution', institutionId);
  return insertKey(db, institutionId, now);
}

async function insertKey(db: Tx, institutionId: string, now: Date): Promise<CreatedApiKey> {
  const { key, prefix, secretHash } = generateApiKey();
  const row = await db.prisma.apiKey.create({ data: { id: randomUUID(), institutionId, prefix, secretHash, createdAt: now } });
  return { row, key };
}

/** Newest first. */
export function findApiKeysOfInstitutions(db: Tx, institutionIds: readonly string[]): Promise<ApiKey[]> {
  return db.prisma.apiKey.findMany({
    where: { institutionId: { in: [...institutionIds] } },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
}

/** Revokes at `now`; a key already revoked keeps its first revocation time. NOT_FOUND if unknown. */
export async function revokeApiKey(db: Tx, id: string, now: Date = new Date()): Promise<ApiKey> {
  await db.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  const row = await db.prisma.apiKey.findUnique({ where: { id } });
  if (!row) throw notFound('API key', id);
  return row;
}

/**
 * Revokes a live key and issues its replacement for the same institution, atomically.
 * NOT_FOUND for an unknown key; BAD_USER_INPUT (API_KEY_REVOKED) for a key already revoked.
 */
export function rotateApiKey(db: Db, id: string, now: Date = new Date()): Promise<CreatedApiKey> {
  return transaction(db, async (tx) => {
    const { count } = await tx.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    const old = await tx.prisma.apiKey.findUnique({ where: { id } });
    if (!old) throw notFound('API key', id);
    if (count === 0) throw badUserInput('API_KEY_REVOKED', `API key ${id} is already revoked; issue a new key instead.`);
    return insertKey(tx, old.institutionId, now);
  });
}
