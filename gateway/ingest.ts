/**
 * The gateway's bulk collection endpoints (HTTP beside /graphql):
 *
 *   POST /ingest/<item>[?department=&format=csv|ndjson&encoding=utf-8|gb18030]
 *        body: the file (text/csv or application/x-ndjson; charset in the content type or sniffed)
 *        → 202 { jobId, status, item, department, format, encoding }; progress: `ingestJob(id)`
 *   GET  /ingest/jobs/<id>/rejected.csv → the job's rejected rows with a reason column
 *
 * The caller is authenticated, admitted (rate limits) and metered as for GraphQL (`authenticate`,
 * the same `admit` and `onResponse` as graphqlRoute), then the body is streamed to the
 * enterprise subgraph, never held here: the caller header signs the upload's metadata and a fresh
 * job id instead of the body (lib/ingest-signature.ts, docs/architecture.md).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { signCaller, type Caller } from '../lib/caller.ts';
import { CreditGraphError } from '../lib/errors.ts';
import {
  CALLER_HEADER, INGEST_JOB_HEADER, rejectedMetaText, signIngest, uploadKind, type IngestMeta,
} from '../lib/ingest-signature.ts';
import type { Logger } from '../lib/logger.ts';
import type { TokenVerifier } from '../lib/tokens.ts';
import { authenticate, type Authenticated, type KeyLookup } from './authenticate.ts';
import { clientIpOf } from './http/client-ip.ts';
import type { Admit, ResponseInfo } from './http/operation.ts';
import { answer, HttpRefusal, refusal, writeHead } from './http/respond.ts';
import { route, type Route, type RouteContext } from './http/routes.ts';

export interface IngestDeps {
  /** The enterprise subgraph's base URL (no path), e.g. http://127.0.0.1:4001. */
  enterpriseUrl: string;
  callerSecret: string;
  keys: KeyLookup;
  verifyToken: TokenVerifier;
  trustProxyHops: number;
  logger: Logger;
  admit?: Admit;
  onResponse?: (info: ResponseInfo) => void;
}

/** The enterprise subgraph's base URL: its configured GraphQL URL, else the supergraph's, without `/graphql`. */
export function enterpriseBaseUrl(configured: string | undefined, supergraphSdl: string): string {
  const url = configured ?? /@join__graph\(name: "enterprise", url: "([^"]+)"\)/.exec(supergraphSdl)?.[1];
  if (!url) throw new Error('the supergraph names no URL for the enterprise subgraph');
  return url.replace(/\/graphql\/?$/, '');
}

const ITEM = /^[A-Z0-9-]{1,60}$/;
const JOB_ID = /^[0-9a-f-]{36}$/;

interface Target { method: 'POST' | 'GET'; path: string; headers: Record<string, string>; body?: IncomingMessage }

/**
 * One ingest request: authenticated and admitted, then `target` (built for the caller) is sent to
 * the enterprise subgraph and its answer streamed back; metered once with the status answered.
 */
function ingestHandler(deps: IngestDeps, target: (req: IncomingMessage, ctx: RouteContext, caller: Caller) => Target) {
  return async (req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> => {
    const clientIp = clientIpOf(req, deps.trustProxyHops);
    const meter = (auth: Authenticated | null, status: number, refused: boolean) =>
      deps.onResponse?.({ auth, context: null, requestId: ctx.requestId, status, startedAt: ctx.startedAt, clientIp, refused });
    let auth: Authenticated | null = null;
    let headers: Record<string, string> = {};
    let sent: Target;
    try {
      auth = await authenticate(req.headers, { keys: deps.keys, verifyToken: deps.verifyToken });
      if (deps.admit) headers = await deps.admit(auth, clientIp, ctx.requestId);
      const p = auth.principal;
      if (p.kind !== 'OPERATOR' && !(p.kind === 'INSTITUTION' && p.institutionKind === 'SOURCE_DEPARTMENT')) {
        throw new HttpRefusal(403, 'Only source departments and operators load files.', {}, 'FORBIDDEN');
      }
      sent = target(req, ctx, { principal: p, purpose: auth.purpose, requestId: ctx.requestId });
    } catch (err) {
      if (!(err instanceof CreditGraphError)) throw err;
      const refused = refusal(err);
      refused.headers = { ...headers, ...refused.headers };
      meter(auth, refused.status, true);
      answer(res, refused);
      return;
    }
    let reply;
    try {
      reply = await request(`${deps.enterpriseUrl}${sent.path}`, { method: sent.method, headers: sent.headers, body: sent.body });
    } catch (err) {
      deps.logger.warn({ err, requestId: ctx.requestId }, 'ingest: the enterprise subgraph did not answer');
      meter(auth, 502, true);
      if (!res.headersSent) answer(res, refusal(new HttpRefusal(502, 'The enterprise subgraph did not answer.', headers, 'SUBGRAPH_UNAVAILABLE')));
      return;
    }
    const passOn: Record<string, string> = { ...headers };
    for (const name of ['content-type', 'content-disposition']) {
      const v = reply.headers[name];
      if (typeof v === 'string') passOn[name] = v;
    }
    writeHead(res, reply.statusCode, passOn);
    meter(auth, reply.statusCode, reply.statusCode >= 400);
    await pipeline(reply.body, res);
  };
}

/** `POST /ingest/:item` and `GET /ingest/jobs/:id/rejected.csv` for the gateway's route table. */
export function ingestRoutes(deps: IngestDeps): Route[] {
  return [
    route('GET', '/ingest/jobs/:id/rejected.csv', ingestHandler(deps, (_req, { params }, caller) => {
      const id = params.id!;
      if (!JOB_ID.test(id)) throw new HttpRefusal(404, 'No such ingest job.');
      return { method: 'GET', path: `/ingest/jobs/${id}/rejected.csv`, headers: { [CALLER_HEADER]: signCaller(caller, rejectedMetaText(id), deps.callerSecret) } };
    })),
    route('POST', '/ingest/:item', ingestHandler(deps, (req, { url, params }, caller) => {
      if (!ITEM.test(params.item!)) throw new HttpRefusal(404, 'Not found: no such catalogue item code.');
      const { format, encoding } = uploadKind(req.headers['content-type'], url.searchParams);
      if (format === null || encoding === 'UNKNOWN') {
        throw new HttpRefusal(415, 'Send text/csv or application/x-ndjson, in UTF-8 or GB18030 (GBK); or say so with ?format= and ?encoding=.');
      }
      const meta: IngestMeta = { jobId: randomUUID(), item: params.item!, department: url.searchParams.get('department'), format, encoding };
      return {
        method: 'POST',
        path: `/ingest/${encodeURIComponent(meta.item)}${url.search}`,
        headers: {
          'content-type': String(req.headers['content-type'] ?? 'application/octet-stream'),
          [CALLER_HEADER]: signIngest(caller, meta, deps.callerSecret),
          [INGEST_JOB_HEADER]: meta.jobId,
        },
        body: req,
      };
    })),
  ];
}
