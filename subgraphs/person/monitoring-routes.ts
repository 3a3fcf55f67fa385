/**
 * What the platform's monitoring asks the person subgraph (issue 14), as the institution it acts
 * for (the caller header, signed over path and body: lib/service-call.ts):
 *
 *   POST /monitoring/persons      { idNumbers }  →  { persons: [{ personId, categories }] }
 *     For `watch`: each ID number's person (null if none) and the categories a valid consent of that
 *     person to the calling institution covers for monitoring (`Consent.monitoring`), in order. The
 *     ID number is keyed here (HMAC, as the Person table keys it) and never leaves.
 *   POST /monitoring/disclosures  { events: [{ seq, subject, category }] }  →  { allowed: [seq] }
 *     At delivery (feed or webhook): which events may go to the institution now, by the same consent
 *     rule; each allowed one is a disclosure, durably written to the person's access log (basis
 *     CONSENT, the consent it rests on) before the answer, as every read of a person's data is:
 *     once per event and institution (an event marked `logged`, a re-delivery, is checked, not logged again).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../lib/caller.ts';
import { CALLER_HEADER } from '../../lib/caller.ts';
import { refuse } from '../../lib/changes-route.ts';
import { verifySigned } from '../../lib/service-call.ts';
import { validateIdNumber } from '../../lib/identifiers/id-number.ts';
import type { PersonDataCategory } from '../../codegen/person.ts';
import type { AccessLog } from './access-log.ts';
import type { IdNumberCrypto } from './context.ts';
import type { Db } from './db/client.ts';
import { consentsOfPersonsForInstitution, type ConsentRow } from './db/consents.ts';
import { personsByIdHashes } from './db/persons.ts';
import { accessLogEntries, type Disclosure } from './loaders.ts';
import { isActive, isCategory, parseCategories } from './rules.ts';

export const PERSONS_PATH = '/monitoring/persons';
export const DISCLOSURES_PATH = '/monitoring/disclosures';
/** Per call: the platform batches a watch call's ID numbers and a delivery batch's events. */
export const MAX_PER_CALL = 1000;

export interface MonitoredPerson { personId: string | null; categories: PersonDataCategory[] }
/** `logged`: the platform says this person's access log already holds this event's disclosure to this institution (a re-delivery). */
export interface DisclosureAsk { seq: number; subject: string; category: string | null; logged?: boolean }

/** A person's consents to the institution that cover monitoring now: the newest grant of each category. */
export function monitoringGrants(consents: readonly ConsentRow[], now: Date): Map<PersonDataCategory, ConsentRow> {
  const out = new Map<PersonDataCategory, ConsentRow>();
  const usable = consents.filter((c) => c.monitoring && isActive(c, now)).sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime());
  for (const c of usable) for (const category of parseCategories(c.categories)) if (!out.has(category)) out.set(category, c);
  return out;
}

const byPerson = (rows: readonly ConsentRow[]) => {
  const out = new Map<string, ConsentRow[]>();
  for (const r of rows) out.set(r.personId, [...out.get(r.personId) ?? [], r]);
  return out;
};

export function registerMonitoringRoutes(
  app: FastifyInstance, deps: { db: Db; callerSecret: string; clock: () => Date; idNumbers: IdNumberCrypto; accessLog: AccessLog },
): void {
  /** The caller (the institution the platform acts for), or null with the refusal sent. */
  function institutionOf(req: FastifyRequest, reply: FastifyReply, path: string) {
    const verified = verifySigned(req.headers[CALLER_HEADER], path, req.rawBody ?? '', deps.callerSecret);
    if (!verified.ok) {
      void refuse(reply, 401, 'UNAUTHENTICATED', verified.reason);
      return null;
    }
    const p = verified.caller.principal;
    if (p.kind !== 'INSTITUTION') {
      void refuse(reply, 403, 'FORBIDDEN', 'Monitoring asks for an institution.');
      return null;
    }
    return { caller: verified.caller, institution: p };
  }

  app.post(PERSONS_PATH, async (req, reply) => {
    const who = institutionOf(req, reply, PERSONS_PATH);
    if (!who) return reply;
    const idNumbers = (req.body as { idNumbers?: unknown }).idNumbers;
    if (!Array.isArray(idNumbers) || idNumbers.length > MAX_PER_CALL || !idNumbers.every((s) => typeof s === 'string' && validateIdNumber(s).ok)) {
      return refuse(reply, 400, 'BAD_USER_INPUT', `idNumbers: 0..${MAX_PER_CALL} valid resident ID numbers`, 'ID_NUMBER');
    }
    const hashes = (idNumbers as string[]).map((s) => deps.idNumbers.hash(s.toUpperCase()));
    const persons = new Map((await personsByIdHashes(deps.db, hashes)).map((p) => [p.idHash, p.id]));
    const ids = [...new Set(persons.values())];
    const consents = byPerson(ids.length > 0 ? await consentsOfPersonsForInstitution(deps.db, ids, who.institution.institutionId) : []);
    const now = deps.clock();
    const answer: MonitoredPerson[] = hashes.map((h) => {
      const personId = persons.get(h) ?? null;
      return { personId, categories: personId ? [...monitoringGrants(consents.get(personId) ?? [], now).keys()] : [] };
    });
    return reply.send({ persons: answer });
  });

  app.post(DISCLOSURES_PATH, async (req, reply) => {
    const who = institutionOf(req, reply, DISCLOSURES_PATH);
    if (!who) return reply;
    const events = (req.body as { events?: unknown }).events as DisclosureAsk[] | undefined;
    if (!Array.isArray(events) || events.length > MAX_PER_CALL
      || !events.every((e) => Number.isInteger(e?.seq) && typeof e.subject === 'string' && (e.logged === undefined || typeof e.logged === 'boolean'))) {
      return refuse(reply, 400, 'BAD_USER_INPUT', `events: 0..${MAX_PER_CALL} of { seq, subject, category, logged? }`, 'EVENTS');
    }
    const ids = [...new Set(events.map((e) => e.subject))];
    const consents = byPerson(ids.length > 0 ? await consentsOfPersonsForInstitution(deps.db, ids, who.institution.institutionId) : []);
    const now = deps.clock();
    const grants = new Map(ids.map((id) => [id, monitoringGrants(consents.get(id) ?? [], now)]));
    const allowed: number[] = [];
    const byPurpose = new Map<string, Disclosure[]>();
    for (const e of events) {
      const consent = e.category && isCategory(e.category) ? grants.get(e.subject)?.get(e.category) : undefined;
      if (!consent) continue;
      allowed.push(e.seq);
      // One access-log row per event and institution: a re-delivery was logged the first time.
      if (e.logged) continue;
      byPurpose.set(consent.purpose, [...byPurpose.get(consent.purpose) ?? [],
        { personId: e.subject, category: e.category as PersonDataCategory, grant: { basis: 'CONSENT', consentId: consent.id } }]);
    }
    // Logged before the answer: an event the log does not hold is not delivered (the call fails).
    const entries = [...byPurpose].flatMap(([purpose, disclosures]) => {
      const caller: Caller = { ...who.caller, purpose };
      return accessLogEntries(caller, disclosures, now);
    });
    await deps.accessLog.append(entries);
    return reply.send({ allowed });
  });
}
