/**
 * Generates the entities of one kind and queues their rows in the writers, flushing every
 * `CHUNK` entities. Used by the main thread and by the people worker alike.
 */
import { encryptIdNumber, idNumberHmac } from '../../lib/identifiers/id-number-crypto.ts';
import { listEntryEvent } from '../../subgraphs/enterprise/db/list-changes.ts';
import type { BulkWriter } from './bulk-writer.ts';
import { generateEnterprise } from './synthetic/enterprises.ts';
import { generatePerson } from './synthetic/persons.ts';
import { type SeedPlan } from './synthetic/plan.ts';
import { demoConsents } from './synthetic/platform.ts';
import { generateSocialOrg } from './synthetic/social-orgs.ts';
import { T } from './tables.ts';

/** Entities generated between two flushes. */
export const CHUNK = 1000;

export interface SeedSecrets {
  /** PERSON_ID_HMAC_SECRET: the key of `Person.idHash` (as the person subgraph reads it, UTF-8). */
  idHmacSecret: string;
  /** PERSON_ID_ENCRYPTION_KEY decoded: the 32-byte AES-256-GCM key of `Person.idCipher`. */
  idEncryptionKey: Uint8Array;
}

/** Called after every flush with the number of entities done since the last call. */
export type OnCount = (entities: number) => void;

/** Lets the event loop run (worker messages, timers) between two synchronous SQLite batches. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * After the `done`-th of `total` entities: every CHUNK entities (and after the last) writes the
 * queued rows of `writers`, counts the entities since the last count and lets the event loop run.
 */
async function chunkDone(done: number, total: number, writers: readonly BulkWriter[], onCount: OnCount): Promise<void> {
  if (done % CHUNK !== 0 && done !== total) return;
  for (const w of writers) await w.flush();
  onCount((done % CHUNK) || CHUNK);
  await breathe();
}

export async function loadEnterprises(plan: SeedPlan, enterprise: BulkWriter, finance: BulkWriter, onCount: OnCount): Promise<void> {
  const e = enterprise;
  let seq = 0;
  for (let i = 0; i < plan.enterprises; i++) {
    const b = generateEnterprise(i, plan);
    e.add(T.enterprise, b.enterprise);
    for (const r of b.licenses) e.add(T.license, r);
    for (const r of b.penalties) e.add(T.penalty, r);
    for (const r of b.lists) {
      e.add(T.listEntry, r);
      const event = listEntryEvent(r, 'LISTED', 'SEED');
      e.add(T.changeEvent, {
        seq: ++seq, at: plan.now, type: event.type, subjectKind: event.subjectKind, subject: event.subject, category: event.category,
        recordType: event.recordType, recordId: event.recordId, itemCode: null, departmentCode: null, version: null, source: event.source,
        detail: JSON.stringify(event.detail),
      });
    }
    for (const r of b.certificates) e.add(T.certificate, r);
    for (const r of b.inspections) e.add(T.inspection, r);
    for (const r of b.commitments) e.add(T.commitment, r);
    for (const r of b.evaluations) e.add(T.evaluation, r);
    for (const r of b.honors) e.add(T.honor, r);
    for (const r of b.otherRecords) e.add(T.creditRecord, r);
    for (const r of b.loans) finance.add(T.loan, r);
    if (i + 1 === plan.enterprises) e.add(T.changeEventSequence, { id: 1, value: seq });
    await chunkDone(i + 1, plan.enterprises, [e, finance], onCount);
  }
}

export async function loadPersons(plan: SeedPlan, secrets: SeedSecrets, person: BulkWriter, onCount: OnCount): Promise<void> {
  const p = person;
  for (let j = 0; j < plan.persons; j++) {
    const d = generatePerson(j, plan);
    const x = d.person;
    p.add(T.person, {
      id: x.id,
      idHash: idNumberHmac(d.idNumber, secrets.idHmacSecret),
      // A random IV: the one column that differs between two seeds of the same size.
      idCipher: encryptIdNumber(d.idNumber, secrets.idEncryptionKey),
      idMasked: x.idMasked, name: x.name, nameMasked: x.nameMasked, regionCode: x.regionCode,
      integrityScore: x.integrityScore, integrityGrade: x.integrityGrade, integrityUpdatedOn: x.integrityUpdatedOn,
    });
    for (const r of d.penalties) p.add(T.personPenalty, r);
    for (const r of d.judgmentDebtorCases) p.add(T.judgmentDebtorCase, r);
    for (const r of d.honors) p.add(T.personHonor, r);
    for (const r of d.volunteerRecords) p.add(T.volunteerRecord, r);
    await chunkDone(j + 1, plan.persons, [p], onCount);
  }
  for (const c of demoConsents(plan)) p.add(T.consent, c);
}

export async function loadSocialOrgs(plan: SeedPlan, socialOrg: BulkWriter, onCount: OnCount): Promise<void> {
  const s = socialOrg;
  for (let k = 0; k < plan.socialOrgs; k++) {
    const b = generateSocialOrg(k, plan);
    s.add(T.socialOrg, b.org);
    for (const r of b.annualInspections) s.add(T.annualInspection, r);
    for (const r of b.penalties) s.add(T.socialOrgPenalty, r);
    for (const r of b.honors) s.add(T.socialOrgHonor, r);
    await chunkDone(k + 1, plan.socialOrgs, [s], onCount);
  }
}
