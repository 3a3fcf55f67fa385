/**
 * Mutual recognition (同城待遇): partner cities pull red- and black-list changes after an opaque
 * cursor over the change sequence (db/list-changes.ts), oldest first.
 */
import { badUserInput, forbidden } from '../../lib/errors.ts';
import type { Context } from './context.ts';
import { findListChanges, type ListChangeRow } from './db/list-changes.ts';

export const DEFAULT_CHANGES = 100;
export const MAX_CHANGES = 1000;

export function encodeChangeCursor(seq: number): string {
  return Buffer.from(`lc:${seq}`, 'utf8').toString('base64url');
}

export function decodeChangeCursor(cursor: string): number {
  const m = /^lc:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badUserInput('CURSOR_INVALID', 'since must be an endCursor returned by listChanges');
  return Number(m[1]);
}

export interface ListChangePage {
  edges: { cursor: string; node: ListChangeRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export async function listChanges(ctx: Context, args: { since?: string | null; first?: number | null }): Promise<ListChangePage> {
  const p = ctx.caller.principal;
  const allowed = p.kind === 'OPERATOR' ||
    (p.kind === 'INSTITUTION' && (p.institutionKind === 'PARTNER_CITY' || p.institutionKind === 'GOVERNMENT'));
  if (!allowed) throw forbidden('List changes are for partner cities, government institutions and operators.');
  const first = args.first ?? DEFAULT_CHANGES;
  if (first < 0) throw badUserInput('FIRST_NEGATIVE', `first must be between 0 and ${MAX_CHANGES}; got ${first}`);
  if (first > MAX_CHANGES) throw badUserInput('FIRST_TOO_LARGE', `first must be at most ${MAX_CHANGES}; got ${first}`);
  const after = args.since == null ? 0 : decodeChangeCursor(args.since);
  const rows = await findListChanges(ctx.db, after, first + 1);
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ cursor: encodeChangeCursor(node.seq), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: encodeChangeCursor(page.at(-1)?.seq ?? after) },
  };
}
