/**
 * Disclosure applies when an event is delivered (issue 14), by the feed or by a webhook: an event
 * about a record that has been repaired, withdrawn, passed its publicity end or been deleted by then
 * is not delivered, whether it happened
 * before or after the record ended; the events that say it ended are (the receiver learns that the
 * record is gone). A suspended institution is refused before this (the gateway refuses its keys;
 * the dispatcher suppresses its messages).
 *
 * The catalogue's disclosure attribute applies too (issue 13): an event about a record of an item
 * withheld from the receiving institution (CONDITIONAL unless it is a government one, SELF_ONLY
 * always: the enterprise subgraph's rules.ts) is never delivered to it, not even that it ended.
 */
import type { InstitutionKind } from '../../../lib/caller.ts';
import type { Catalogue } from '../../../lib/catalogue/index.ts';
import { visibilityFor } from '../../enterprise/rules.ts';
import type { Tx } from '../db/client.ts';
import { disclosuresLogged, endedRecords, markDisclosuresLogged, type MonitoredChange } from '../db/feed.ts';
import type { InstitutionPrincipal, PersonDirectory } from './persons.ts';

/** The catalogue items whose records an institution of `kind` does not hear of. */
export function itemsWithheldFrom(kind: InstitutionKind, catalogue: Catalogue): readonly string[] {
  return visibilityFor({ kind: 'INSTITUTION', institutionId: '', institutionKind: kind, institutionName: '', scopes: [] }, catalogue).withheldItems;
}

/** What may be said about an ended record: that it ended, and how (repair, objection, retention). */
const SAYS_IT_ENDED = new Set(['RECORD_REPAIRED', 'RECORD_WITHDRAWN', 'RECORD_EXPIRED', 'RECORD_DELETED', 'REPAIR_GRANTED', 'OBJECTION_DECIDED']);

/** An institution row as the principal the person subgraph is asked as. */
export function asPrincipal(i: { id: string; kind: string; name: string }): InstitutionPrincipal {
  return { kind: 'INSTITUTION', institutionId: i.id, institutionKind: i.kind as InstitutionKind, institutionName: i.name, scopes: [] };
}

/** What may go now: `hidden` never (suppressed), `undecided` not yet (the person subgraph could not be asked; `error` says why). */
export interface DeliveryDecision {
  hidden: Set<number>;
  undecided: Set<number>;
  error: Error | null;
}

type Deliverable = Pick<MonitoredChange, 'seq' | 'type' | 'recordId' | 'itemCode' | 'subjectKind' | 'subject' | 'category'>;

/**
 * The disclosure rules at delivery, for `changes` to a receiver from whom `withheldItems` are
 * withheld. Person events (issue 14) go only while a consent of the person to the receiving
 * institution covers monitoring for the event's category, which the person subgraph decides and logs
 * as a disclosure (persons.ts): without `persons` to ask, none goes. Decided per event: when the
 * person subgraph cannot be asked, only the person events wait (`undecided`), the others are decided.
 */
export async function decideDelivery(
  db: Tx, changes: readonly Deliverable[], withheldItems: readonly string[], persons?: { directory: PersonDirectory; institution: InstitutionPrincipal },
): Promise<DeliveryDecision> {
  const byItem = changes.filter((c) => c.itemCode !== null && withheldItems.includes(c.itemCode)).map((c) => c.seq);
  const ask = changes.filter((c) => c.recordId && !SAYS_IT_ENDED.has(c.type)).map((c) => c.recordId!);
  const ended = ask.length === 0 ? new Set<string>() : await endedRecords(db, ask);
  const hidden = new Set([...byItem, ...changes.filter((c) => c.recordId && !SAYS_IT_ENDED.has(c.type) && ended.has(c.recordId)).map((c) => c.seq)]);
  // Only what is still to be delivered is asked about (and so logged as disclosed).
  const personal = changes.filter((c) => c.subjectKind === 'NATURAL_PERSON' && !hidden.has(c.seq));
  if (personal.length === 0) return { hidden, undecided: new Set(), error: null };
  if (!persons) {
    for (const c of personal) hidden.add(c.seq);
    return { hidden, undecided: new Set(), error: null };
  }
  // Logged once per event and institution (the person's log says who received what): a re-delivery
  // (the feed read again, a webhook retried, the other channel) is still checked against the
  // consent but not logged again. Marked only after the person subgraph has logged, so a failure in
  // between logs twice rather than delivers unlogged.
  const institutionId = persons.institution.institutionId;
  const logged = await disclosuresLogged(db, institutionId, personal.map((c) => c.seq));
  const decision = await persons.directory.decide(persons.institution, personal.map((c) => ({ ...c, logged: logged.has(c.seq) })));
  for (const seq of decision.withheld) hidden.add(seq);
  const newly = personal.filter((c) => !logged.has(c.seq) && !decision.withheld.has(c.seq) && !decision.undecided.has(c.seq));
  if (newly.length > 0) await markDisclosuresLogged(db, institutionId, newly.map((c) => c.seq));
  return { hidden, undecided: decision.undecided, error: decision.error };
}

/**
 * A feed page at delivery (issue 14): the leading part of `page` decided now, and which of it is
 * hidden. A person event the person subgraph could not be asked about ends that part just before
 * it, so the page's cursor stops there and nothing is skipped (the rest comes on a later read);
 * a page that starts with one throws the person subgraph's error.
 */
export async function decidedPrefix<T extends Deliverable>(
  db: Tx, page: readonly T[], withheldItems: readonly string[], persons?: { directory: PersonDirectory; institution: InstitutionPrincipal },
): Promise<{ decided: T[]; hidden: Set<number> }> {
  const decision = await decideDelivery(db, page, withheldItems, persons);
  const first = page.findIndex((c) => decision.undecided.has(c.seq));
  if (first === 0) throw decision.error ?? new Error('the person subgraph could not be asked');
  return { decided: first < 0 ? [...page] : page.slice(0, first), hidden: decision.hidden };
}
