import type { MutationResolvers } from '../../../codegen/platform.ts';
import {
  createApiKey, createInstitution, revokeApiKey, rotateApiKey, setInstitutionStatus,
} from '../db/institutions.ts';
import { addTrustedDocuments, restrictToTrustedDocuments } from '../db/trusted-documents.ts';
import { updateApiKey, updateInstitutionPlan } from '../db/key-lifecycle.ts';
import { parseDateTime } from '../../../lib/scalars.ts';
import { requireOperator } from '../rules.ts';

/** Operator actions; each is logged (ids only: a key never reaches a log). */
export const Mutation: MutationResolvers = {
  async registerInstitution(_parent, { input }, { caller, db, log, now }) {
    requireOperator(caller.principal);
    const row = await createInstitution(db, input, now());
    log.info({ institutionId: row.id, kind: row.kind }, 'institution registered');
    return row;
  },

  async issueApiKey(_parent, { institutionId }, { caller, db, log, now }) {
    requireOperator(caller.principal);
    const { row, key } = await createApiKey(db, institutionId, now());
    log.info({ institutionId, keyId: row.id, prefix: row.prefix }, 'API key issued');
    return { id: row.id, prefix: row.prefix, key, createdAt: row.createdAt };
  },

  async revokeApiKey(_parent, { id }, { caller, db, log, now }) {
    requireOperator(caller.principal);
    const row = await revokeApiKey(db, id, now());
    log.info({ institutionId: row.institutionId, keyId: row.id }, 'API key revoked');
    return row;
  },

  async rotateApiKey(_parent, { id }, { caller, db, log, now }) {
    requireOperator(caller.principal);
    const { row, key } = await rotateApiKey(db, id, now());
    log.info({ institutionId: row.institutionId, revokedKeyId: id, keyId: row.id }, 'API key rotated');
    return { id: row.id, prefix: row.prefix, key, createdAt: row.createdAt };
  },

  async setInstitutionStatus(_parent, { id, status }, { caller, db, log }) {
    requireOperator(caller.principal);
    const row = await setInstitutionStatus(db, id, status);
    log.info({ institutionId: id, status }, 'institution status set');
    return row;
  },

  // ---- Trusted documents (issue 19)
  async addTrustedDocuments(_parent, { institutionId, documents }, { caller, db, log, now }) {
    requireOperator(caller.principal);
    const list = await addTrustedDocuments(db, institutionId, documents, now());
    log.info({ institutionId, added: documents.length, total: list.length }, 'trusted documents added');
    return list;
  },

  async restrictToTrustedDocuments(_parent, { institutionId, restricted }, { caller, db, log }) {
    requireOperator(caller.principal);
    const row = await restrictToTrustedDocuments(db, institutionId, restricted);
    log.info({ institutionId, restricted }, 'trusted documents restriction set');
    return row;
  },

  // ---- Keys and plans (issue 19)
  async updateApiKey(_parent, { id, label, expiresAt }, { caller, db, log }) {
    requireOperator(caller.principal);
    const row = await updateApiKey(db, id, { label: label ?? null, expiresAt: expiresAt == null ? null : parseDateTime(expiresAt) });
    log.info({ institutionId: row.institutionId, keyId: id, expiresAt: row.expiresAt }, 'API key updated');
    return row;
  },

  async updateInstitutionPlan(_parent, { institutionId, plan }, { caller, db, log }) {
    requireOperator(caller.principal);
    const row = await updateInstitutionPlan(db, institutionId, plan);
    log.info({ institutionId, plan }, 'institution plan updated');
    return row;
  },
};
