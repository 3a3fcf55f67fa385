/**
 * The gateway's HTTP front: health and readiness, the JWKS document, and `/graphql` handed to
 * Apollo Server after the caller is authenticated. Bad HTTP (method, content type, size, JSON)
 * gets a GraphQL-shaped error with a code, never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { CreditGraphError, HTTP_STATUS, type ErrorCode } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { authenticate, type Authenticated, type KeyLookup } from './authenticate.ts';
import type { TokenVerifier } from '../lib/tokens.ts';
import type { GatewayContext } from './server.ts';

export interface HttpDeps {
  apollo: ApolloServer<GatewayContext>;
  logger: Logger;
  keys: KeyLookup;
  verifyToken: TokenVerifier;
  maxBodyBytes: number;
  maxBatch: number;
  trustProxyHops: number;
  ready: () => Promise<boolean>;
  /** Extra GET routes (e.g. /.well-known/jwks.json). */
  routes?: Record<string, () => unknown>;
  /** Admission before execution (rate limits, quotas): may throw a CreditGraphError, returns response headers. */
  admit?: (auth: Authenticated, clientIp: string, requestId: string) => Promise<Record<string, string>>;
  /** Called once the response is known (metering). */
  onResponse?: (info: ResponseInfo) => void;
  /** Bulk collection files (gateway/ingest.ts): POST /ingest/<item>, GET /ingest/jobs/<id>/rejected.csv. */
  ingest?: { matches(pathname: string): boolean; handle(req: IncomingMessage, res: ServerResponse, ctx: { requestId: string; clientIp: string }): Promise<void> };
}

export interface ResponseInfo {
  auth: Authenticated | null;
  context: GatewayContext | null;
  requestId: string;
  status: number;
  startedAt: number;
  clientIp: string;
  /** Refused before execution (authentication, rate, quota, limits). */
  refused: boolean;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
  return text;
}

function errorBody(code: ErrorCode | 'BAD_REQUEST', message: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { ...extensions, code } }] };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new CreditGraphError('QUERY_TOO_COMPLEX', `The request body is over the limit of ${limit} bytes (MAX_BODY_BYTES).`, { limit: 'MAX_BODY_BYTES', max: limit }));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function clientIpOf(req: IncomingMessage, trustProxyHops: number): string {
  if (trustProxyHops > 0) {
    const xff = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const ip = xff[xff.length - trustProxyHops];
    if (ip) return ip;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

export function createHttpHandler(deps: HttpDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://gateway');
    const requestId = (typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id']))
      ? req.headers['x-request-id'] : randomUUID();
    res.setHeader('x-request-id', requestId);
    try {
      if (req.method === 'GET' && url.pathname === '/healthz') { send(res, 200, { status: 'ok', service: 'gateway' }); return; }
      if (req.method === 'GET' && url.pathname === '/readyz') {
        const ok = await deps.ready().catch(() => false);
        send(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', service: 'gateway' });
        return;
      }
      const route = req.method === 'GET' ? deps.routes?.[url.pathname] : undefined;
      if (route) { send(res, 200, route()); return; }
      if (deps.ingest?.matches(url.pathname)) {
        await deps.ingest.handle(req, res, { requestId, clientIp: clientIpOf(req, deps.trustProxyHops) });
        return;
      }
      if (url.pathname !== '/graphql') { send(res, 404, errorBody('BAD_REQUEST', 'Not found: the API is at /graphql.')); return; }
      if (req.method !== 'POST' && req.method !== 'GET') {
        send(res, 405, errorBody('BAD_REQUEST', 'Use GET or POST for /graphql.'), { allow: 'GET, POST' });
        return;
      }
      const clientIp = clientIpOf(req, deps.trustProxyHops);
      let body: unknown = undefined;
      if (req.method === 'POST') {
        const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (type !== 'application/json' && type !== 'application/graphql-response+json') {
          send(res, 415, errorBody('BAD_REQUEST', 'POST bodies must be application/json.'));
          return;
        }
        const raw = await readBody(req, deps.maxBodyBytes);
        try {
          body = JSON.parse(raw);
        } catch {
          send(res, 400, errorBody('BAD_REQUEST', 'The request body is not valid JSON.'));
          return;
        }
        if (Array.isArray(body) && body.length > deps.maxBatch) {
          send(res, 400, errorBody('QUERY_TOO_COMPLEX', `A batch holds at most ${deps.maxBatch} operations (MAX_BATCH).`, { limit: 'MAX_BATCH', max: deps.maxBatch }));
          return;
        }
        if (body === null || typeof body !== 'object') {
          send(res, 400, errorBody('BAD_REQUEST', 'The request body must be a JSON object with a "query".'));
          return;
        }
      }
      let auth: Authenticated;
      try {
        auth = await authenticate(req.headers, { keys: deps.keys, verifyToken: deps.verifyToken });
      } catch (err) {
        if (err instanceof CreditGraphError) {
          const text = send(res, HTTP_STATUS[err.code] ?? 400, errorBody(err.code, err.message, { ...err.extensions, code: undefined }),
            err.code === 'UNAUTHENTICATED' ? { 'www-authenticate': 'Bearer' } : {});
          void text;
          deps.onResponse?.({ auth: null, context: null, requestId, status: 401, startedAt, clientIp, refused: true });
          return;
        }
        throw err;
      }
      let extraHeaders: Record<string, string> = {};
      if (deps.admit) {
        try {
          extraHeaders = await deps.admit(auth, clientIp, requestId);
        } catch (err) {
          if (err instanceof CreditGraphError) {
            const { headers: h, ...ext } = err.extensions as { headers?: Record<string, string> };
            const text = send(res, HTTP_STATUS[err.code] ?? 400, errorBody(err.code, err.message, { ...ext, code: undefined }), h ?? {});
            void text;
            deps.onResponse?.({ auth, context: null, requestId, status: HTTP_STATUS[err.code] ?? 400, startedAt, clientIp, refused: true });
            return;
          }
          throw err;
        }
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const context: GatewayContext = {
        principal: auth.principal,
        plan: auth.plan,
        clientIp,
        caller: { principal: auth.principal, purpose: auth.purpose, requestId },
        usage: { archivePulls: 0, personRecordPulls: 0, fields: [], operationName: null },
      };
      const result = await deps.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method!, headers, search: url.search, body },
        context: async () => context,
      });
      const outHeaders: Record<string, string> = { ...extraHeaders };
      for (const [k, v] of result.headers) outHeaders[k] = v;
      let text: string;
      if (result.body.kind === 'complete') {
        text = result.body.string;
      } else {
        text = '';
        for await (const chunk of result.body.asyncIterator) text += chunk;
      }
      res.writeHead(result.status ?? 200, { ...outHeaders, 'content-length': Buffer.byteLength(text) });
      res.end(text);
      const status = result.status ?? 200;
      deps.onResponse?.({ auth, context, requestId, status, startedAt, clientIp, refused: status >= 400 });
    } catch (err) {
      if (err instanceof CreditGraphError) {
        if (!res.headersSent) send(res, HTTP_STATUS[err.code] ?? 400, errorBody(err.code, err.message, { ...err.extensions, code: undefined }));
        return;
      }
      deps.logger.error({ err, requestId }, 'unexpected gateway error');
      if (!res.headersSent) send(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
      else res.destroy();
    }
  };
}
