/**
 * The gateway's bulk collection endpoints (HTTP beside /graphql):
 *
 *   POST /ingest/<item>[?department=&format=csv|ndjson&encoding=utf-8|gb18030]
 *        body: the file (text/csv or application/x-ndjson; charset in the content type or sniffed)
 *        → 202 { jobId, status, item, department, format, encoding }; progress: `ingestJob(id)`
 *   GET  /ingest/jobs/<id>/rejected.csv → the job's rejected rows with a reason column
 *
 * The caller is authenticated and rate-limited as for GraphQL, then the body is streamed to the
 * enterprise subgraph, never held here: the caller header signs the upload's metadata and a fresh
 * job id instead of the body (lib/ingest-signature.ts, docs/architecture.md).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { CreditGraphError, HTTP_STATUS, type ErrorCode } from '../lib/errors.ts';
import {
  CALLER_HEADER, INGEST_JOB_HEADER, rejectedMetaText, signIngest, uploadKind, type IngestMeta,
} from '../lib/ingest-signature.ts';
import { signCaller } from '../lib/caller.ts';
import type { Logger } from '../lib/logger.ts';
import type { TokenVerifier } from '../lib/tokens.ts';
import { authenticate, type Authenticated, type KeyLookup } from './authenticate.ts';

export interface IngestDeps {
  /** The enterprise subgraph's base URL (no path), e.g. http://127.0.0.1:4001. */
  enterpriseUrl: string;
  callerSecret: string;
  keys: KeyLookup;
  verifyToken: TokenVerifier;
  logger: Logger;
  admit?: (auth: Authenticated, clientIp: string, requestId: string) => Promise<Record<string, string>>;
}

const UPLOAD = /^\/ingest\/([A-Z0-9-]{1,60})$/;
const REJECTED = /^\/ingest\/jobs\/([0-9a-f-]{36})\/rejected\.csv$/;

/** The enterprise subgraph's base URL: its configured GraphQL URL, else the supergraph's, without `/graphql`. */
export function enterpriseBaseUrl(configured: string | undefined, supergraphSdl: string): string {
  const url = configured ?? /@join__graph\(name: "enterprise", url: "([^"]+)"\)/.exec(supergraphSdl)?.[1];
  if (!url) throw new Error('the supergraph names no URL for the enterprise subgraph');
  return url.replace(/\/graphql\/?$/, '');
}

/** True when the request is one of these endpoints' (the HTTP front routes it here). */
export function isIngestPath(pathname: string): boolean {
  return UPLOAD.test(pathname) || REJECTED.test(pathname);
}

function sendError(res: ServerResponse, status: number, code: ErrorCode | 'BAD_REQUEST', message: string, headers: Record<string, string> = {}) {
  const text = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function createIngestHandler(deps: IngestDeps) {
  return async (req: IncomingMessage, res: ServerResponse, ctx: { requestId: string; clientIp: string }): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const upload = UPLOAD.exec(url.pathname);
    const rejected = REJECTED.exec(url.pathname);
    if ((upload && req.method !== 'POST') || (rejected && req.method !== 'GET')) {
      sendError(res, 405, 'BAD_REQUEST', `Use ${upload ? 'POST' : 'GET'} for ${url.pathname}.`, { allow: upload ? 'POST' : 'GET' });
      return;
    }
    let auth: Authenticated;
    let headers: Record<string, string> = {};
    try {
      auth = await authenticate(req.headers, { keys: deps.keys, verifyToken: deps.verifyToken });
      if (deps.admit) headers = await deps.admit(auth, ctx.clientIp, ctx.requestId);
    } catch (err) {
      if (!(err instanceof CreditGraphError)) throw err;
      const { headers: h } = err.extensions as { headers?: Record<string, string> };
      sendError(res, HTTP_STATUS[err.code] ?? 400, err.code, err.message, h ?? (err.code === 'UNAUTHENTICATED' ? { 'www-authenticate': 'Bearer' } : {}));
      return;
    }
    const p = auth.principal;
    if (p.kind !== 'OPERATOR' && !(p.kind === 'INSTITUTION' && p.institutionKind === 'SOURCE_DEPARTMENT')) {
      sendError(res, 403, 'FORBIDDEN', 'Only source departments and operators load files.', headers);
      return;
    }
    const caller = { principal: p, purpose: auth.purpose, requestId: ctx.requestId };
    let target: { method: 'POST' | 'GET'; path: string; headers: Record<string, string>; body?: IncomingMessage };
    if (upload) {
      const { format, encoding } = uploadKind(req.headers['content-type'], url.searchParams);
      if (format === null || encoding === 'UNKNOWN') {
        sendError(res, 415, 'BAD_REQUEST', 'Send text/csv or application/x-ndjson, in UTF-8 or GB18030 (GBK); or say so with ?format= and ?encoding=.', headers);
        return;
      }
      const meta: IngestMeta = { jobId: randomUUID(), item: upload[1]!, department: url.searchParams.get('department'), format, encoding };
      target = {
        method: 'POST',
        path: `/ingest/${encodeURIComponent(meta.item)}${url.search}`,
        headers: {
          'content-type': String(req.headers['content-type'] ?? 'application/octet-stream'),
          [CALLER_HEADER]: signIngest(caller, meta, deps.callerSecret),
          [INGEST_JOB_HEADER]: meta.jobId,
        },
        body: req,
      };
    } else {
      const id = rejected![1]!;
      target = { method: 'GET', path: `/ingest/jobs/${id}/rejected.csv`, headers: { [CALLER_HEADER]: signCaller(caller, rejectedMetaText(id), deps.callerSecret) } };
    }
    let answer;
    try {
      answer = await request(`${deps.enterpriseUrl}${target.path}`, { method: target.method, headers: target.headers, body: target.body });
    } catch (err) {
      deps.logger.warn({ err, requestId: ctx.requestId }, 'ingest: the enterprise subgraph did not answer');
      if (!res.headersSent) sendError(res, 502, 'SUBGRAPH_UNAVAILABLE', 'The enterprise subgraph did not answer.', headers);
      return;
    }
    const passOn: Record<string, string> = { ...headers };
    for (const name of ['content-type', 'content-disposition']) {
      const v = answer.headers[name];
      if (typeof v === 'string') passOn[name] = v;
    }
    res.writeHead(answer.statusCode, passOn);
    await pipeline(answer.body, res);
  };
}
