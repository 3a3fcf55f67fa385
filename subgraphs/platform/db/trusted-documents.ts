/**
 * Trusted documents: the operations an operator approved for an institution, keyed by the sha256
 * (hex) of their exact text, and the institution's switch that makes them the only ones it may
 * run. The gateway reads them through gateway/platform-store.ts (`trustedDocuments`).
 */
import { createHash } from 'node:crypto';
import { parse } from 'graphql';
import { badUserInput, CreditGraphError } from '../../../lib/errors.ts';
import type { Institution, TrustedDocument } from '../../../prisma/generated/platform/sqlite/client.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from './client.ts';

/** The hash clients send in `extensions.persistedQuery.sha256Hash`: sha256 (hex) of the text as sent. */
export const documentHash = (text: string) => createHash('sha256').update(text).digest('hex');

const MAX_DOCUMENTS = 500;
const notFound = (id: string) => new CreditGraphError('NOT_FOUND', `No institution with id ${id}.`, { id });

/** The institution's trusted documents, oldest first. */
export function listTrustedDocuments(db: Tx, institutionId: string): Promise<TrustedDocument[]> {
  return db.prisma.trustedDocument.findMany({ where: { institutionId }, orderBy: [{ createdAt: 'asc' }, { hash: 'asc' }] });
}

/** Adds documents (each must parse; at most 500 at once); answers the whole list. */
export async function addTrustedDocuments(db: Db, institutionId: string, documents: readonly string[], now: Date): Promise<TrustedDocument[]> {
  if (documents.length > MAX_DOCUMENTS) throw badUserInput('TOO_MANY_DOCUMENTS', `At most ${MAX_DOCUMENTS} documents at once.`);
  for (const [i, text] of documents.entries()) {
    try { parse(text); } catch (err) {
      throw badUserInput('DOCUMENT_SYNTAX', `documents[${i}] is not a GraphQL document: ${(err as Error).message}`);
    }
  }
  return transaction(db, async (tx) => {
    const found = await tx.prisma.institution.findUnique({ where: { id: institutionId }, select: { id: true } });
    if (!found) throw notFound(institutionId);
    for (const text of new Set(documents)) {
      const hash = documentHash(text);
      await tx.prisma.trustedDocument.upsert({
        where: { institutionId_hash: { institutionId, hash } },
        create: { institutionId, hash, document: text, createdAt: now },
        update: {},
      });
    }
    return listTrustedDocuments(tx, institutionId);
  });
}

/** Turns the restriction on or off; NOT_FOUND for an unknown id. */
export async function restrictToTrustedDocuments(db: Tx, id: string, restricted: boolean): Promise<Institution> {
  const { count } = await db.prisma.institution.updateMany({ where: { id }, data: { trustedDocumentsOnly: restricted } });
  const row = count > 0 ? await db.prisma.institution.findUnique({ where: { id } }) : null;
  if (!row) throw notFound(id);
  return row;
}

/** The hashes an institution may run, or null when it is not restricted (or unknown). */
export async function trustedHashesOf(db: Tx, institutionId: string): Promise<Set<string> | null> {
  const inst = await db.prisma.institution.findUnique({ where: { id: institutionId }, select: { trustedDocumentsOnly: true } });
  if (!inst?.trustedDocumentsOnly) return null;
  const rows = await db.prisma.trustedDocument.findMany({ where: { institutionId }, select: { hash: true } });
  return new Set(rows.map((r) => r.hash));
}

/** A trusted document's text by its hash (any institution's: the text is the same), or null. */
export async function trustedDocumentByHash(db: Tx, hash: string): Promise<string | null> {
  const row = await db.prisma.trustedDocument.findFirst({ where: { hash }, select: { document: true } });
  return row?.document ?? null;
}
