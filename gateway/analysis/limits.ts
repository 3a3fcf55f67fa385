/**
 * The operation limits and how a crossed one is reported: QUERY_TOO_COMPLEX (HTTP 400) with the
 * limit named in `extensions.limit`, its maximum and what the operation came to.
 */
import { GraphQLError } from 'graphql';
import { CreditGraphError } from '../../lib/errors.ts';

/** Figures known from the document alone; checked before graphql-js validates it (gate.ts). */
export interface ShapeLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** Selections with every fragment spread expanded where it is spread. */
  maxSelections: number;
  maxDirectives: number;
  maxFragmentSpreads: number;
  /** Pairs of same-named fields validation must compare, weighted by their sizes (gate.ts). */
  maxFieldMerges: number;
}

/** Figures that need the schema and the variables; checked by the analysis (analyze.ts, cost.ts). */
export interface TypedLimits {
  maxListFirst: number;
  maxCost: number;
}

export type Limits = ShapeLimits & TypedLimits;

export function tooComplex(limit: string, max: number, got: number, what: string): CreditGraphError {
  return new CreditGraphError('QUERY_TOO_COMPLEX', `${what} is ${got}, over the limit of ${max} (${limit}).`, {
    limit, max, actual: got, http: { status: 400 },
  });
}

/**
 * graphql-js stops parsing at `maxTokens` with a syntax error that has no code of its own (Apollo
 * Server then answers GRAPHQL_PARSE_FAILED); that one error is a size limit and is reported as one.
 * The parser's wording is all that tells it apart ("more that" in graphql 16, "more than" later);
 * a unit test holds the installed graphql to it.
 */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[tn] (\d+) tokens\. Parsing aborted\.$/;

export function tokenLimitError(error: unknown): CreditGraphError | null {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : null;
  const m = original && TOKEN_LIMIT.exec(original.message);
  if (!m) return null;
  const max = Number(m[1]);
  return new CreditGraphError('QUERY_TOO_COMPLEX', `The document has more than ${max} tokens (MAX_TOKENS).`, {
    limit: 'MAX_TOKENS', max,
  });
}
