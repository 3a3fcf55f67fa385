/**
 * What the gateway answers for an error: our codes and Apollo's as they are (without internals
 * such as `http` or a stack), a subgraph that failed as SUBGRAPH_UNAVAILABLE naming it, and
 * anything else as INTERNAL_SERVER_ERROR with a fixed message, whatever the mode: its text may
 * hold SQL, a Prisma query, file paths or source lines, so it goes to the log only. A subgraph's
 * own INTERNAL_SERVER_ERROR is masked the same way.
 */
import type { GraphQLFormattedError } from 'graphql';
import { CreditGraphError, isErrorCode } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { tokenLimitError } from './analysis/limits.ts';

/** Codes that Apollo Server itself sets and clients can rely on. */
const APOLLO_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

const publicExtensions = (extensions: Record<string, unknown> | undefined) => {
  const { exception: _x, stacktrace: _s, http: _h, ...ext } = extensions ?? {};
  return ext;
};

/**
 * The CreditGraphError behind an error Apollo Server wrapped: a limit reported from a validation
 * rule (gate.ts) arrives as GRAPHQL_VALIDATION_FAILED, the parser's token limit as
 * GRAPHQL_PARSE_FAILED; their own code is the one that holds.
 */
function ownError(error: unknown, code: unknown): CreditGraphError | null {
  const original = (error as { originalError?: unknown } | null)?.originalError;
  if (original instanceof CreditGraphError) return original;
  return code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitError(error) : null;
}

/**
 * A request Apollo Server itself refused with a 4xx and no code of its own (an automatic persisted
 * query whose `sha256Hash` is not the query's: "provided sha does not match query"), which it then
 * labels INTERNAL_SERVER_ERROR. It is the client's mistake, answered 400 with Apollo's own fixed
 * text as BAD_REQUEST (its code for a malformed request), not an error for the server log: a client
 * could otherwise fill that log with stack traces at will.
 */
function isApolloRefusal(error: unknown, formatted: GraphQLFormattedError): boolean {
  if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR' || formatted.extensions?.serviceName) return false;
  const status = (error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const own = ownError(error, code);
    if (own) return { message: own.message, locations: formatted.locations, extensions: publicExtensions(own.extensions) };
    if (code !== 'INTERNAL_SERVER_ERROR' && (isErrorCode(code) || APOLLO_CODES.has(code as string))) {
      return { ...formatted, extensions: publicExtensions(formatted.extensions) };
    }
    if (isApolloRefusal(error, formatted)) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_REQUEST' } };
    }
    const service = formatted.extensions?.serviceName;
    if (service && (code === undefined || code === 'DOWNSTREAM_SERVICE_ERROR')) {
      logger.warn({ err: error, service }, 'subgraph failed');
      return {
        message: `The ${String(service)} subgraph did not answer.`,
        path: formatted.path,
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: service },
      };
    }
    logger.error({ err: error, service }, 'unexpected error');
    return {
      message: 'Internal server error: details are in the server log.',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(service ? { serviceName: service } : {}) },
    };
  };
}
