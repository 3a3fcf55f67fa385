/**
 * What an institution may put on its watchlist and ask to hear about: subjects by USCC (an
 * enterprise's or a social organisation's) or resident ID number (a person's), event types from the change log's vocabulary, and a
 * loan book as CSV. Pure: no database.
 */
import { CHANGE_EVENT_TYPES, type ChangeEventType } from '../../../lib/change-log.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { validateIdNumber } from '../../../lib/identifiers/id-number.ts';
import { validateUscc } from '../../../lib/identifiers/uscc.ts';

/** The most subjects one institution watches (issue 14: a loan book). */
export const MAX_WATCHED = 100_000;
/** Lines of one `watchCsv` call: 20,000 USCCs are ~400 KB of CSV, well inside a request body. */
export const MAX_CSV_LINES = 20_000;

/** A watch's or a webhook's events as stored: space-separated types, "" = every type. */
export function storeEvents(events: readonly string[] | null | undefined): string {
  if (!events || events.length === 0) return '';
  for (const e of events) {
    if (!Object.hasOwn(CHANGE_EVENT_TYPES, e)) throw badUserInput('EVENTS', `unknown event type ${e}`);
  }
  return [...new Set(events)].sort().join(' ');
}

/** Stored events → the list (null = every type). */
export function parseEvents(stored: string): ChangeEventType[] | null {
  return stored === '' ? null : (stored.split(' ') as ChangeEventType[]);
}

export const wantsEvent = (stored: string, type: string): boolean => stored === '' || stored.split(' ').includes(type);

/**
 * The subjects, upper-cased and deduplicated: USCCs (enterprises, social organisations) and resident
 * ID numbers (persons, issue 14: watched only with a consent covering monitoring, which the person
 * subgraph checks: persons.ts). An ID number never leaves this call but to the person subgraph.
 */
export function splitSubjects(subjects: readonly string[]): { usccs: string[]; idNumbers: string[] } {
  const usccs = new Set<string>();
  const idNumbers = new Set<string>();
  for (const raw of subjects) {
    const s = raw.trim().toUpperCase();
    const uscc = validateUscc(s);
    if (uscc.ok) usccs.add(uscc.uscc);
    else if (validateIdNumber(s).ok) idNumbers.add(s);
    // Masked in the message: the subject might be an ID number with a wrong check digit.
    else throw badUserInput('SUBJECT', `not a USCC or a resident ID number: ${s.length === 18 ? `${s.slice(0, 6)}********${s.slice(14)}` : s.slice(0, 40)} (${uscc.message})`);
  }
  return { usccs: [...usccs], idNumbers: [...idNumbers] };
}

/** A loan book's USCCs: the first column of each line; a first line that is not a USCC is a header. */
export function subjectsOfCsv(csv: string): string[] {
  const lines = csv.split(/\r?\n/);
  if (lines.length > MAX_CSV_LINES + 1) {
    throw badUserInput('CSV_TOO_LONG', `at most ${MAX_CSV_LINES} lines per call; got ${lines.length}`);
  }
  const cells = lines.map((line) => line.split(',')[0]!.trim().replace(/^"(.*)"$/, '$1')).filter((cell) => cell !== '');
  if (cells.length > 0 && !validateUscc(cells[0]!.toUpperCase()).ok && !validateIdNumber(cells[0]!).ok) cells.shift();
  return cells;
}
