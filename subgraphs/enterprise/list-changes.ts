/**
 * Mutual recognition (同城待遇): partner cities pull red- and black-list changes after an opaque
 * cursor over the change log's sequence (db/list-changes.ts: a view of the list entries' events in
 * the one log that monitoring and cache invalidation follow too), oldest first.
 *
 * The feed tells a reader no more than the archive does at the time it is read (disclosure.ts,
 * `isDisclosed`): the changes of an entry the reader's archive view shows are given as recorded;
 * of an entry it withholds (repaired, withdrawn, past its publicity), only the latest change, as a
 * removal, and only to a reader that may hold the entry, because its cursor is past a change of
 * that entry that was disclosed when written. Nothing else: a partner city starting from the
 * beginning learns nothing of entries the archive withholds from it. The end of a publicity period
 * is logged as a removal on the first read of each day (`appendExpiryRemovals`), so a reader
 * whose cursor is past the entry's last change hears of it too; so are entries the log has never
 * seen (a bulk load's), as LISTED (`backfillListChanges`). Entries of catalogue items withheld from
 * the reader (CONDITIONAL, SELF_ONLY: rules.ts) are withheld like the rest.
 */
import { badUserInput, forbidden } from '../../lib/errors.ts';
import { todayCST } from '../../lib/time.ts';
import type { Context } from './context.ts';
import {
  appendExpiryRemovals, backfillListChanges, findEarlierListChanges, findListChanges, type ListChangeFacts, type ListChangeRow,
} from './db/list-changes.ts';
import type { Db } from './db/client.ts';
import { isDisclosed, mayFollowListChanges, visibilityFor, type Visibility } from './rules.ts';

export const DEFAULT_CHANGES = 100;
export const MAX_CHANGES = 1000;
/** Changes read at least per statement while filling a page (withheld ones are skipped). */
const READ_AHEAD = 100;
/** Changes one page reads at most, whatever it skips: bounds a request's work. */
export const SCAN_BUDGET = 10 * MAX_CHANGES;

// `ce:` cursors count the change log's sequence. The `lc:` cursors of the list feed's former table
// of its own counted another sequence: read as `ce:` they would skip or repeat changes.
export function encodeChangeCursor(seq: number): string {
  return Buffer.from(`ce:${seq}`, 'utf8').toString('base64url');
}

export function decodeChangeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (/^lc:\d{1,15}$/.test(text)) {
    throw badUserInput('CURSOR_OUTDATED', 'This cursor counts the list feed before it followed the change log; read again from the start (since: null): the feed then gives every entry in its current state.');
  }
  const m = /^ce:(\d{1,15})$/.exec(text);
  if (!m) throw badUserInput('CURSOR_INVALID', 'since must be an endCursor returned by listChanges');
  return Number(m[1]);
}

export interface ListChangePage {
  edges: { cursor: string; node: ListChangeRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * What a reader of visibility `v` sees of one change on `today`: the change as recorded for an
 * entry it is shown; for a withheld entry, its latest change as a removal (carrying the entry's
 * state now) if the reader may hold the entry (`mayHold`); else nothing.
 */
export function visibleChange(
  v: Visibility, today: string, { change, entry, latest }: ListChangeFacts, mayHold: ReadonlySet<string>,
): ListChangeRow | null {
  if (entry && isDisclosed(v, entry, today)) return change;
  if (!latest || !mayHold.has(change.listEntryId)) return null;
  const now = entry && { status: entry.status, publicityEndDate: entry.publicityEndDate, removedOn: entry.removedOn, underObjection: entry.underObjection };
  return { ...change, ...now, change: 'REMOVED' };
}

/**
 * Of the withheld entries whose latest change is in `facts`, those a reader whose cursor is at
 * `since` may hold: a change of the entry at or before that cursor was disclosed to such a reader
 * on the day it was written.
 */
async function entriesReaderMayHold(db: Db, v: Visibility, today: string, facts: readonly ListChangeFacts[], since: number): Promise<Set<string>> {
  const withheld = facts.filter((f) => f.latest && !(f.entry && isDisclosed(v, f.entry, today))).map((f) => f.change.listEntryId);
  if (withheld.length === 0 || since === 0) return new Set();
  const earlier = await findEarlierListChanges(db, withheld, since);
  // The entry's item as the catalogue restricts it now (the catalogue of the day is not kept): an
  // entry of an item withheld from the reader was never shown to it, so there is nothing to remove.
  // An entry gone from the archive whose old events name no item is held by nobody restricted.
  const itemOf = new Map(facts.flatMap((f) => (f.entry ? [[f.entry.id, f.entry.catalogItemCode] as const] : [])));
  return new Set(earlier.filter((c) => {
    const catalogItemCode = itemOf.get(c.listEntryId) ?? c.itemCode;
    if (catalogItemCode === null) return v.withheldItems.length === 0 && isDisclosed(v, { ...c, catalogItemCode: '' }, todayCST(c.at));
    return isDisclosed(v, { ...c, catalogItemCode }, todayCST(c.at));
  }).map((c) => c.listEntryId));
}

/** The CST day through which the feed's own entries are logged, per database (one process may serve several in tests). */
const loggedOn = new WeakMap<Db, string>();

/**
 * Once a day: logs entries the log has never seen, then the publicity ends up to today (each
 * idempotent, so several processes may do it; one indexed anti-join and one join over the list
 * entries, not per request).
 */
async function logWhatNoWriteLogged(ctx: Context): Promise<void> {
  if (loggedOn.get(ctx.db) === ctx.today) return;
  await backfillListChanges(ctx.db, ctx.now());
  await appendExpiryRemovals(ctx.db, ctx.today, ctx.now());
  loggedOn.set(ctx.db, ctx.today);
}

export async function listChanges(ctx: Context, args: { since?: string | null; first?: number | null }): Promise<ListChangePage> {
  const p = ctx.caller.principal;
  if (!mayFollowListChanges(p)) throw forbidden('List changes are for partner cities, government institutions and operators.');
  const first = args.first ?? DEFAULT_CHANGES;
  if (first < 0) throw badUserInput('FIRST_NEGATIVE', `first must be between 0 and ${MAX_CHANGES}; got ${first}`);
  if (first > MAX_CHANGES) throw badUserInput('FIRST_TOO_LARGE', `first must be at most ${MAX_CHANGES}; got ${first}`);
  const since = args.since == null ? 0 : decodeChangeCursor(args.since);
  await logWhatNoWriteLogged(ctx);
  const v = visibilityFor(p, ctx.catalogue);
  // Withheld changes are skipped, so a page reads on until it holds `first` changes, within a
  // budget: past it the page comes back short (even empty) with hasNextPage, and the poller goes on.
  const edges: ListChangePage['edges'] = [];
  let cursor = since;
  let hasNextPage = false;
  for (let scanned = 0; ;) {
    const take = first === 0 ? 0 : Math.max(first - edges.length, READ_AHEAD);
    const facts = await findListChanges(ctx.db, cursor, take + 1);
    const batch = facts.slice(0, take);
    const mayHold = await entriesReaderMayHold(ctx.db, v, ctx.today, batch, since);
    let used = 0;
    for (const fact of batch) {
      if (edges.length === first) break;
      used++;
      cursor = fact.change.seq;
      const node = visibleChange(v, ctx.today, fact, mayHold);
      if (node) edges.push({ cursor: encodeChangeCursor(node.seq), node });
    }
    scanned += used;
    hasNextPage = used < batch.length || facts.length > take;
    if (!hasNextPage || edges.length === first || scanned >= SCAN_BUDGET) break;
  }
  // The cursor passes the withheld changes too: the next page starts after everything read.
  return { edges, pageInfo: { hasNextPage, endCursor: encodeChangeCursor(cursor) } };
}
