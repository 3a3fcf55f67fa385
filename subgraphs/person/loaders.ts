/**
 * Per-request DataLoaders: N persons cost one statement per loader, as one person does.
 *
 * `disclosureByPersonCategory` is the access log's side: every field that discloses a category of
 * a person's data loads (person, category) and waits for it; one batch turns all categories
 * disclosed for a person in this request into one entry and hands them to the process-wide group
 * commit writer, so the load resolves only once the entry is durable.
 */
import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Caller } from '../../lib/caller.ts';
import type { Context as TraceContext } from '@opentelemetry/api';
import { byKey, groupByKey, loader } from '../../lib/loaders.ts';
import type { PersonDataCategory } from '../../codegen/person.ts';
import type {
  JudgmentDebtorCase, PersonHonor, PersonPenalty, VolunteerRecord,
} from '../../prisma/generated/person/sqlite/client.ts';
import { CATEGORIES, isPurpose, needsConsents, rightsOf, type Grant, type Rights } from './rules.ts';
import type { AccessLog } from './access-log.ts';
import { accessLogPage, type AccessLogEntryRow, type LogPosition } from './db/access-log.ts';
import type { Db } from './db/client.ts';
import { consentsOfPersons, consentsOfPersonsForInstitution, type ConsentRow } from './db/consents.ts';
import { integrityCodeIssuesByJtis, type IntegrityCodeIssueRow } from './db/integrity-codes.ts';
import {
  objectionsOfPersons, stepsOfObjections, type PersonObjectionRow, type PersonObjectionStepRow,
} from './db/objections.ts';
import { personsByIdHashes, personsByIds, type PersonRow } from './db/persons.ts';
import { repairsOfPersons, type PersonRepairRow } from './db/repairs.ts';
import {
  honorsOfPersons, judgmentCasesOfPersons, penaltiesOfPersons, volunteerRecordsOfPersons,
} from './db/records.ts';

export interface Disclosure {
  personId: string;
  category: PersonDataCategory;
  grant: Grant;
}

export interface AccessLogPageKey {
  personId: string;
  limit: number;
  after: LogPosition | null;
}

export interface LoaderDeps {
  accessLog: AccessLog;
  now: () => Date;
  /** The request's trace context when tracing is on (the access log's commit links to it). */
  trace?: TraceContext;
}

export function createLoaders(db: Db, caller: Caller, deps: LoaderDeps) {
  const p = caller.principal;

  const consentsByPersonForInstitution = loader<string, ConsentRow[]>(async (personIds) => {
    if (!needsConsents(p)) return personIds.map(() => []);
    const rows = await consentsOfPersonsForInstitution(db, personIds, p.institutionId);
    return groupByKey(personIds, rows, (c) => c.personId);
  });

  const rightsByPerson = loader<string, Rights>(async (personIds) => {
    const consents = needsConsents(p)
      ? await consentsByPersonForInstitution.loadMany(personIds)
      : personIds.map(() => []);
    return personIds.map((id, i) => {
      const c = consents[i];
      if (c instanceof Error) throw c;
      return rightsOf(caller, id, c ?? [], deps.now());
    });
  });

  const disclosureByPersonCategory = new DataLoader<Disclosure, true, string>(
    async (disclosures) => {
      await deps.accessLog.append(accessLogEntries(caller, disclosures, deps.now()), deps.trace);
      return disclosures.map(() => true as const);
    },
    { cacheKeyFn: (d) => [d.personId, d.category, d.grant.basis, d.grant.consentId ?? ''].join('\u0000'), maxBatchSize: 1000 },
  );

  return {
    personById: loader<string, PersonRow | null>(async (ids) => byKey(ids, await personsByIds(db, ids), (r) => r.id)),
    personByIdHash: loader<string, PersonRow | null>(async (hashes) =>
      byKey(hashes, await personsByIdHashes(db, hashes), (r) => r.idHash)),
    consentsByPersonForInstitution,
    rightsByPerson,
    consentsByPerson: loader<string, ConsentRow[]>(async (ids) =>
      groupByKey(ids, await consentsOfPersons(db, ids), (c) => c.personId)),
    penaltiesByPerson: loader<string, PersonPenalty[]>(async (ids) =>
      groupByKey(ids, await penaltiesOfPersons(db, ids), (r) => r.personId)),
    judgmentCasesByPerson: loader<string, JudgmentDebtorCase[]>(async (ids) =>
      groupByKey(ids, await judgmentCasesOfPersons(db, ids), (r) => r.personId)),
    honorsByPerson: loader<string, PersonHonor[]>(async (ids) =>
      groupByKey(ids, await honorsOfPersons(db, ids), (r) => r.personId)),
    volunteerByPerson: loader<string, VolunteerRecord[]>(async (ids) =>
      groupByKey(ids, await volunteerRecordsOfPersons(db, ids), (r) => r.personId)),
    disclosureByPersonCategory,
    objectionsByPerson: loader<string, PersonObjectionRow[]>(async (ids) =>
      groupByKey(ids, await objectionsOfPersons(db, ids), (r) => r.personId)),
    repairsByPerson: loader<string, PersonRepairRow[]>(async (ids) =>
      groupByKey(ids, await repairsOfPersons(db, ids), (r) => r.personId)),
    stepsByObjectionId: loader<string, PersonObjectionStepRow[]>(async (ids) =>
      groupByKey(ids, await stepsOfObjections(db, ids), (r) => r.objectionId)),
    /** Issued integrity codes by token id: every code a request verifies, in one statement. */
    integrityCodeIssueByJti: loader<string, IntegrityCodeIssueRow | null>(async (jtis) =>
      byKey(jtis, await integrityCodeIssuesByJtis(db, jtis), (r) => r.jti)),
    /**
     * A page of a person's access log. Only the person themself reads it, so a request touches one
     * person's log: one statement per distinct page asked for (a page cannot be batched across keys).
     */
    accessLogByPerson: new DataLoader<AccessLogPageKey, AccessLogEntryRow[], string>(
      (keys) => Promise.all(keys.map((k) => accessLogPage(db, k.personId, k.limit, k.after))),
      { cacheKeyFn: (k) => JSON.stringify([k.personId, k.limit, k.after?.at.toISOString() ?? null, k.after?.id ?? null]) },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * One entry per person (and per basis/consent: categories opened by different consents are
 * recorded apart, each naming its own), in the order first disclosed; categories in schema order.
 */
export function accessLogEntries(caller: Caller, disclosures: readonly Disclosure[], at: Date): AccessLogEntryRow[] {
  const p = caller.principal;
  const groups = new Map<string, { personId: string; grant: Grant; categories: PersonDataCategory[] }>();
  for (const d of disclosures) {
    const key = `${d.personId}\u0000${d.grant.basis}\u0000${d.grant.consentId ?? ''}`;
    const group = groups.get(key) ?? { personId: d.personId, grant: d.grant, categories: [] };
    if (!group.categories.includes(d.category)) group.categories.push(d.category);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    id: randomUUID(),
    at,
    personId: g.personId,
    // An operator reads a person's data only overseeing their repair application (repair.ts).
    accessorKind: p.kind === 'INSTITUTION' ? 'INSTITUTION' : p.kind === 'OPERATOR' ? 'OPERATOR' : 'PERSON',
    institutionId: p.kind === 'INSTITUTION' ? p.institutionId : null,
    institutionName: p.kind === 'INSTITUTION' ? p.institutionName : null,
    accessorPersonId: p.kind === 'PERSON' ? p.personId : null,
    categories: CATEGORIES.filter((c) => g.categories.includes(c)).join(','),
    purpose: g.grant.basis === 'INTEGRITY_CODE' ? 'SAME_CITY_TREATMENT'
      : g.grant.basis !== 'SELF' && g.grant.basis !== 'REPAIR_CASE' && isPurpose(caller.purpose) ? caller.purpose : null,
    consentId: g.grant.consentId,
    basis: g.grant.basis,
    requestId: caller.requestId,
  }));
}
