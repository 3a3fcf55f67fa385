/**
 * The error codes clients can match on (`errors[].extensions.code`), each with its meaning.
 * Expected failures throw `CreditGraphError`; anything else is masked as INTERNAL_SERVER_ERROR.
 */
import { GraphQLError } from 'graphql';

export const ERROR_CODES = {
  UNAUTHENTICATED: 'A presented key or token is unknown, revoked, malformed, forged or expired.',
  FORBIDDEN: 'The caller may not see this field or record; it is null and the rest of the response stands.',
  BAD_USER_INPUT: 'An argument is invalid; extensions.reason names what is wrong.',
  NOT_FOUND: 'The record named by an argument of a mutation does not exist; on the REST facade (/rest/v1), nothing answers to the parameters.',
  RATE_LIMITED: "Over the institution's request rate; retry after the Retry-After header.",
  QUOTA_EXCEEDED: "Over the institution's daily or monthly quota; retry after the Retry-After header.",
  QUERY_TOO_COMPLEX: 'The operation exceeds a depth, alias, size or cost limit; extensions.limit names it.',
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The document is not valid against the schema.',
  OPERATION_RESOLUTION_FAILURE: 'operationName names no operation of the document, or several operations and none named.',
  BAD_REQUEST: 'The HTTP request is not a GraphQL request: method, content type, JSON or body shape.',
  SUBGRAPH_UNAVAILABLE: 'A subgraph did not answer in time; its part of the response is missing.',
  INTERNAL_SERVER_ERROR: 'Something unexpected; details are in the server log, never in the response.',
  UNTRUSTED_DOCUMENT: 'The institution is restricted to its trusted documents (sent by hash in extensions.persistedQuery) and this operation is not one of them.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** HTTP status for a request that fails before execution with this code. */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
  QUERY_TOO_COMPLEX: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  UNTRUSTED_DOCUMENT: 403,
};

export class CreditGraphError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
    this.name = 'CreditGraphError';
  }
}

export const forbidden = (message = 'Not authorized to see this.'): CreditGraphError =>
  new CreditGraphError('FORBIDDEN', message);

export const badUserInput = (reason: string, message: string): CreditGraphError =>
  new CreditGraphError('BAD_USER_INPUT', message, { reason });

export const unauthenticated = (message: string): CreditGraphError =>
  new CreditGraphError('UNAUTHENTICATED', message);

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
