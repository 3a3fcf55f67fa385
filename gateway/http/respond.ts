/**
 * Writing answers: a body with its length, and expected failures in the GraphQL shape
 * (`{ errors: [{ message, extensions: { code } }] }`) with their HTTP status and headers.
 */
import type { ServerResponse } from 'node:http';
import { CreditGraphError, HTTP_STATUS, type ErrorCode } from '../../lib/errors.ts';

export const APPLICATION_JSON = 'application/json; charset=utf-8';

/**
 * A refusal whose status is the HTTP layer's own (404, 405, 406, 415) rather than one its code
 * implies (lib/errors.ts HTTP_STATUS); `headers` go on the response (e.g. `Allow` with a 405).
 */
export class HttpRefusal extends CreditGraphError {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}, code: ErrorCode = 'BAD_REQUEST') {
    super(code, message);
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export function errorBody(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { ...extensions, code } }] };
}

/** The answer to an expected failure; the headers an error carries in `extensions.headers` (Retry-After, RateLimit-*) go on it. */
export function refusal(err: CreditGraphError, contentType = APPLICATION_JSON): Answer {
  const { headers: carried, code: _code, ...extensions } = err.extensions as { headers?: Record<string, string>; code?: unknown };
  const headers: Record<string, string> = { ...carried, ...(err instanceof HttpRefusal ? err.headers : {}), 'content-type': contentType };
  if (err.code === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer';
  const status = err instanceof HttpRefusal ? err.status : HTTP_STATUS[err.code] ?? 400;
  return { status, headers, text: JSON.stringify(errorBody(err.code, err.message, extensions)) };
}

/** Adds a request header the answer depends on to `Vary` (caches keep one answer per value). */
export function addVary(res: ServerResponse, header: string): void {
  const current = res.getHeader('vary');
  res.setHeader('vary', current ? `${String(current)}, ${header}` : header);
}

export function answer(res: ServerResponse, { status, headers, text }: Answer): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  answer(res, { status, headers: { 'content-type': APPLICATION_JSON }, text: JSON.stringify(body) });
}
