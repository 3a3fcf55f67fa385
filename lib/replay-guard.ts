/**
 * Single use of a signed caller header for anything that can change state.
 *
 * A header (`lib/caller.ts`) is valid for 30 s and bound to its exact body, so someone who can read
 * the internal network could send a captured mutation again (grant a consent twice, spend a quota).
 * Each header carries a fresh random nonce; a subgraph remembers the nonce of every call that is
 * not purely a query until the header expires and refuses it a second time. Queries are not
 * remembered: a replayed query discloses only what the captured answer already held, and
 * remembering them would cost memory on the hot path.
 *
 * The memory is per process: a subgraph run as several replicas behind one address would need a
 * shared store for the same promise (README, "Limits").
 */
import { Lexer, Source, TokenKind } from 'graphql';

/**
 * True only when every operation of `document` is a query (`query …` or the `{ … }` shorthand):
 * then executing it changes nothing. Anything else, including text that does not lex, is treated
 * as a possible mutation, so the check can only err on the side of remembering.
 *
 * It lexes the document once and looks only at the first token of each top-level definition
 * (depth counted over braces, parentheses and brackets, so default values and directive
 * arguments are skipped): no AST is built.
 */
export function onlyQueries(document: unknown): boolean {
  if (typeof document !== 'string') return false;
  const lexer = new Lexer(new Source(document));
  let depth = 0;
  let atDefinition = true;
  let operations = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (atDefinition && depth === 0) {
        atDefinition = false;
        if (token.kind === TokenKind.BRACE_L || (token.kind === TokenKind.NAME && token.value === 'query')) operations++;
        else if (!(token.kind === TokenKind.NAME && token.value === 'fragment')) return false;
      }
      switch (token.kind) {
        case TokenKind.BRACE_L: case TokenKind.PAREN_L: case TokenKind.BRACKET_L:
          depth++;
          break;
        case TokenKind.BRACE_R: case TokenKind.PAREN_R: case TokenKind.BRACKET_R:
          depth--;
          // Only a selection set's closing brace comes back to depth 0: a definition ends there.
          if (depth === 0 && token.kind === TokenKind.BRACE_R) atDefinition = true;
          if (depth < 0) return false;
          break;
      }
    }
  } catch {
    return false;
  }
  return operations > 0;
}

export type Claim = 'FIRST_USE' | 'REPLAYED' | 'FULL';

export interface ReplayGuard {
  /**
   * Records `nonce` until `exp` (ms) and says whether this is its first use; `FULL` when
   * `maxEntries` unexpired nonces are already held (the call is refused: better a retry than
   * unbounded memory or a forgotten nonce).
   */
  claim(nonce: string, exp: number, now?: number): Claim;
  /** Nonces held (tests). */
  readonly size: number;
}

/**
 * The default bound: 100,000 nonces (about 10 MB) in 30 s is 3,300 mutations a second to one
 * subgraph, far above what its database writes.
 */
export const REPLAY_MEMORY_ENTRIES = 100_000;

export function createReplayGuard(maxEntries = REPLAY_MEMORY_ENTRIES): ReplayGuard {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(`maxEntries must be a positive integer, got ${String(maxEntries)}`);
  }
  // nonce → expiry. Insertion order is nearly expiry order (every header lives 30 s), so expired
  // entries are dropped from the front; a full sweep runs only before refusing for lack of room.
  const seen = new Map<string, number>();

  const dropExpiredFromFront = (now: number) => {
    for (const [nonce, exp] of seen) {
      if (exp >= now) break;
      seen.delete(nonce);
    }
  };
  const dropAllExpired = (now: number) => {
    for (const [nonce, exp] of seen) if (exp < now) seen.delete(nonce);
  };

  return {
    claim(nonce, exp, now = Date.now()) {
      dropExpiredFromFront(now);
      if (seen.has(nonce)) return 'REPLAYED';
      if (seen.size >= maxEntries) {
        dropAllExpired(now);
        if (seen.size >= maxEntries) return 'FULL';
      }
      seen.set(nonce, exp);
      return 'FIRST_USE';
    },
    get size() { return seen.size; },
  };
}
