/**
 * Writing answers: a body with its length, and expected failures in the GraphQL shape
 * (`{ errors: [{ message, extensions: { code } }] }`) with their HTTP status and headers.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
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
  /** Text, or bytes already encoded in UTF-8 (a cached answer's, gateway/cache/). */
  body: string | Buffer;
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
  return { status, headers, body: JSON.stringify(errorBody(err.code, err.message, extensions)) };
}

/**
 * Headers decided before the answer is written (the request id, Vary, CORS, `connection: close`
 * while stopping) wait beside the response and go out with it in one `writeHead`. Why not
 * `res.setHeader`: once one header is set that way, Node takes every later one the same way too
 * (each lowercased, validated and stored on its own, then serialised), whereas headers handed to
 * `writeHead` all at once are serialised directly. The request id is set before every answer, so
 * every answer took the slow way; with the four RateLimit headers a metered answer paid it on ten
 * (README, Performance: the cache's door).
 */
const PRESET = Symbol('preset headers');
type WithPreset = ServerResponse & { [PRESET]?: Record<string, string> };

/** Sets a header of the answer before the answer is known (written by `writeHead` below). */
export function presetHeader(res: ServerResponse, name: Lowercase<string>, value: string): void {
  ((res as WithPreset)[PRESET] ??= {})[name] = value;
}

/** Adds a request header the answer depends on to `Vary` (caches keep one answer per value). */
export function addVary(res: ServerResponse, header: string): void {
  const current = (res as WithPreset)[PRESET]?.vary;
  presetHeader(res, 'vary', current ? `${current}, ${header}` : header);
}

/**
 * writeHead's flat `[name, value, …]` list, which Node takes as it is: the preset headers the answer
 * does not set itself, then the answer's own. Merging them into a new object instead cost a metered
 * cache hit more than its metering (bench profile).
 */
function headerList(res: ServerResponse, headers: OutgoingHttpHeaders): string[] {
  const raw: string[] = [];
  const preset = (res as WithPreset)[PRESET];
  if (preset) for (const name in preset) if (!(name in headers)) raw.push(name, preset[name]!);
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') raw.push(name, value);
    else if (Array.isArray(value)) for (const v of value) raw.push(name, v);
    else if (value !== undefined) raw.push(name, String(value));
  }
  return raw;
}

/** Every answer of the gateway's HTTP front starts here: the preset headers, then the answer's own (which win). */
export function writeHead(res: ServerResponse, status: number, headers: OutgoingHttpHeaders): ServerResponse {
  return res.writeHead(status, headerList(res, headers));
}

export function answer(res: ServerResponse, { status, headers, body }: Answer): void {
  const raw = headerList(res, headers);
  raw.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length));
  res.writeHead(status, raw);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  answer(res, { status, headers: { 'content-type': APPLICATION_JSON }, body: JSON.stringify(body) });
}
