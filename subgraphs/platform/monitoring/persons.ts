/**
 * Monitoring's questions to the person subgraph (issue 14; its routes: subgraphs/person/
 * monitoring-routes.ts), asked as the institution concerned and batched: at `watch`, who the ID
 * numbers are and which categories a consent covering monitoring opens; at delivery (feed and
 * webhooks), which person events may go to the institution now, each allowed one written to the
 * person's access log before the answer. The person subgraph alone holds consents and the ID-number
 * key: the platform stores and sends persons only by their id.
 */
import type { Caller, Principal } from '../../../lib/caller.ts';
import { serviceBaseUrl } from '../../../lib/change-feed.ts';
import { CreditGraphError, badUserInput } from '../../../lib/errors.ts';
import { postSigned } from '../../../lib/service-call.ts';
import type { MonitoredChange } from '../db/feed.ts';

/** The person subgraph's paths (subgraphs/person/monitoring-routes.ts) and its batch bound. */
const PERSONS_PATH = '/monitoring/persons';
const DISCLOSURES_PATH = '/monitoring/disclosures';
const MAX_PER_CALL = 1000;

export type InstitutionPrincipal = Extract<Principal, { kind: 'INSTITUTION' }>;

export interface PersonDirectory {
  /** The person ids of `idNumbers`, in order; refuses the call unless every one has a consent covering monitoring. */
  watchable(caller: Caller, idNumbers: readonly string[]): Promise<string[]>;
  /** The person ids of `idNumbers` that exist (unwatching needs no consent). */
  known(caller: Caller, idNumbers: readonly string[]): Promise<string[]>;
  /**
   * Of `changes`, the person events that may NOT be delivered to `institution` now (`withheld`) and
   * those the person subgraph could not be asked about (`undecided`: down, or erring; `error` says
   * why). Each allowed one is logged as disclosed, unless `logged` says the person's access log
   * already holds this event's disclosure to this institution (a re-delivery: the consent is still
   * checked, nothing is logged again).
   */
  decide(institution: InstitutionPrincipal, changes: readonly PersonAsk[]): Promise<PersonDecision>;
}

export type PersonAsk = Pick<MonitoredChange, 'seq' | 'subjectKind' | 'subject' | 'category'> & { logged?: boolean };

export interface PersonDecision {
  withheld: Set<number>;
  undecided: Set<number>;
  error: Error | null;
}

function parts<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_PER_CALL) out.push(items.slice(i, i + MAX_PER_CALL));
  return out;
}

/** Without a person subgraph (PERSON_URL unset) persons cannot be watched, as before. */
const unsupported = () => badUserInput('PERSON_MONITORING_UNSUPPORTED', 'Persons cannot be watched here: no person subgraph is configured (PERSON_URL).');

export function personDirectory(url: string | null, callerSecret: string): PersonDirectory {
  const base = url ? serviceBaseUrl(url) : null;
  async function lookUp(caller: Caller, idNumbers: readonly string[]) {
    if (!base) throw unsupported();
    const out: { personId: string | null; categories: string[] }[] = [];
    for (const part of parts(idNumbers)) {
      out.push(...(await postSigned<{ persons: typeof out }>(base, PERSONS_PATH, { idNumbers: part }, caller, callerSecret)).persons);
    }
    return out;
  }
  return {
    async watchable(caller, idNumbers) {
      const found = await lookUp(caller, idNumbers);
      // A person who does not exist and one without consent are refused alike: the answer reveals nothing.
      if (found.some((p) => !p.personId || p.categories.length === 0)) {
        throw new CreditGraphError('FORBIDDEN',
          'Watching a person needs a valid consent of that person to your institution that covers monitoring.',
          { reason: 'NO_MONITORING_CONSENT' });
      }
      return found.map((p) => p.personId!);
    },
    async known(caller, idNumbers) {
      return (await lookUp(caller, idNumbers)).flatMap((p) => (p.personId ? [p.personId] : []));
    },
    async decide(institution, changes) {
      const asks = changes.filter((c) => c.subjectKind === 'NATURAL_PERSON')
        .map((c) => ({ seq: c.seq, subject: c.subject, category: c.category, ...(c.logged ? { logged: true } : {}) }));
      const decision: PersonDecision = { withheld: new Set(asks.map((a) => a.seq)), undecided: new Set(), error: null };
      if (asks.length === 0 || !base) return decision;
      const caller: Caller = { principal: institution, purpose: null, requestId: `monitoring:${institution.institutionId}` };
      // Part by part: a part answered stays answered (and logged) when a later one fails.
      for (const part of parts(asks)) {
        try {
          const { allowed } = await postSigned<{ allowed: number[] }>(base, DISCLOSURES_PATH, { events: part }, caller, callerSecret);
          for (const seq of allowed) decision.withheld.delete(seq);
        } catch (err) {
          for (const a of part) { decision.withheld.delete(a.seq); decision.undecided.add(a.seq); }
          decision.error ??= err instanceof Error ? err : new Error(String(err));
        }
      }
      return decision;
    },
  };
}
