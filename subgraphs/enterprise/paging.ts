/** Page sizes and opaque cursors: argument checks that answer BAD_USER_INPUT with a reason. */
import { badUserInput } from '../../lib/errors.ts';
import type { EnterpriseCursor } from './db/enterprises.ts';

export const MAX_PAGE = 100;
export const DEFAULT_ENTERPRISE_PAGE = 20;

function checkFirst(first: number): void {
  if (first < 0) throw badUserInput('FIRST_NEGATIVE', `first must be between 0 and ${MAX_PAGE}; got ${first}`);
}

/** `enterprises(first)` (default 20) and the other pages (their own default): over 100 is refused (FIRST_TOO_LARGE). */
export function pageSize(first: number | null | undefined, fallback = DEFAULT_ENTERPRISE_PAGE): number {
  const n = first ?? fallback;
  checkFirst(n);
  if (n > MAX_PAGE) throw badUserInput('FIRST_TOO_LARGE', `first must be at most ${MAX_PAGE}; got ${n}`);
  return n;
}

/** `first` on an enterprise's record lists: default and cap 100 (a larger value is capped). */
export function listLimit(first: number | null | undefined): number {
  const n = first ?? MAX_PAGE;
  checkFirst(n);
  return Math.min(n, MAX_PAGE);
}

/**
 * The name filter is a plain substring. SQL LIKE (which Prisma's `contains` uses, unescaped) would
 * read `%` and `_` as wildcards and PostgreSQL `\\` as an escape; registered enterprise names never
 * hold them, so a filter with one is refused rather than silently matching something else.
 */
export function nameFilter(name: string | null | undefined): string | null {
  if (name == null || name === '') return null;
  if (/[%_\\]/.test(name)) {
    throw badUserInput('NAME_FILTER_CHARACTERS', 'filter.name is a plain substring and may not contain %, _ or \\');
  }
  return name;
}

export function encodeCursor(c: EnterpriseCursor): string {
  return Buffer.from(JSON.stringify([c.name, c.uscc]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): EnterpriseCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw badUserInput('CURSOR_INVALID', 'after must be an endCursor returned by enterprises');
  }
  return { name: parsed[0], uscc: parsed[1] };
}
