/**
 * `/graphql`: GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/). In order:
 * the response media type is chosen from Accept (406 before anything runs when neither ours is
 * acceptable); a POST body is read (415, 400, size and batch limits); the caller is authenticated
 * (401); then each operation is admitted, executed and metered on its own (`runOperation`), a
 * batch one after another so that each operation's quota check sees the pulls of those before it.
 *
 * Status codes are the specification's for `application/graphql-response+json`: 4xx for a request
 * that fails before execution (parse, validation, variable coercion, limits), 2xx once it executed
 * (errors in fields included). A client asking for plain `application/json` gets the same codes,
 * as the current draft recommends for legacy clients (README: HTTP).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { CreditGraphError } from '../../lib/errors.ts';
import type { TokenVerifier } from '../../lib/tokens.ts';
import { authenticate, type Authenticated, type KeyLookup } from '../authenticate.ts';
import type { FrontDoor } from '../cache/front-door.ts';
import type { GatewayContext } from '../server.ts';
import { combineBatch } from './batch.ts';
import { bodyTooLarge, readJsonBody } from './body.ts';
import { clientIpOf } from './client-ip.ts';
import { acceptableMediaTypes, GRAPHQL_RESPONSE_JSON, JSON_TYPE, type MediaType } from './negotiate.ts';
import { runOperation, type Admit, type ResponseInfo } from './operation.ts';
import { addVary, answer, HttpRefusal, refusal, type Answer } from './respond.ts';
import { route, type Route } from './routes.ts';
import { isSubmitRecords } from './submit-limit.ts';

export interface GraphqlRouteDeps {
  apollo: ApolloServer<GatewayContext>;
  /** Kept public answers served before Apollo Server (gateway/cache/front-door.ts). */
  door?: FrontDoor | null;
  keys: KeyLookup;
  verifyToken: TokenVerifier;
  /** maxSubmitBodyBytes: the larger bound of a submitRecords call (submit-limit.ts); unset, MAX_BODY_BYTES. */
  limits: { maxBodyBytes: number; maxBatch: number; maxSubmitBodyBytes?: number };
  trustProxyHops: number;
  admit?: Admit;
  /** Awaited before the answer is written (./operation.ts). */
  onResponse?: (info: ResponseInfo) => Promise<void> | void;
}

/** A POST body: one operation's parameters (an object) or a batch (a non-empty array of at most maxBatch). */
async function readGraphqlBody(req: IncomingMessage, deps: GraphqlRouteDeps): Promise<unknown> {
  const { maxBodyBytes, maxSubmitBodyBytes = maxBodyBytes } = deps.limits;
  const { body, bytes } = await readJsonBody(req, Math.max(maxBodyBytes, maxSubmitBodyBytes));
  if (bytes > maxBodyBytes && !isSubmitRecords(body)) throw bodyTooLarge(maxBodyBytes);
  if (Array.isArray(body)) {
    if (body.length === 0) throw new HttpRefusal(400, 'A batch holds at least one operation.');
    if (body.length > deps.limits.maxBatch) {
      throw new CreditGraphError('QUERY_TOO_COMPLEX', `A batch holds at most ${deps.limits.maxBatch} operations (MAX_BATCH).`, { limit: 'MAX_BATCH', max: deps.limits.maxBatch });
    }
    return body;
  }
  if (body === null || typeof body !== 'object') throw new HttpRefusal(400, 'The request body must be a JSON object with a "query".');
  return body;
}

/**
 * The request's caller (`authenticate`), or null once its refusal (401; a bad x-purpose's 400) has
 * been answered and metered with the status sent: /graphql and the REST facade alike.
 */
export async function callerOrRefused(
  req: IncomingMessage, res: ServerResponse, deps: Pick<GraphqlRouteDeps, 'keys' | 'verifyToken' | 'onResponse'>,
  m: { requestId: string; startedAt: number; clientIp: string; contentType?: string },
): Promise<Authenticated | null> {
  try {
    return await authenticate(req.headers, { keys: deps.keys, verifyToken: deps.verifyToken });
  } catch (err) {
    if (!(err instanceof CreditGraphError)) throw err;
    const refused = refusal(err, m.contentType);
    deps.onResponse?.({ auth: null, context: null, requestId: m.requestId, status: refused.status, startedAt: m.startedAt, clientIp: m.clientIp, refused: true, code: err.code });
    answer(res, refused);
    return null;
  }
}

/** The request's headers for Apollo Server, with Accept reduced to the media type already chosen. */
export function apolloHeaders(req: IncomingMessage, mediaType: MediaType): HeaderMap {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  headers.set('accept', mediaType);
  if (req.method === 'GET') {
    // Apollo Server refuses a GET that a browser could send without a preflight (its CSRF
    // prevention). Nothing of ours is ambient: keys and tokens are headers a cross-site page can
    // only send after a preflight (and CORS), never cookies; so such a GET is an anonymous query,
    // which anyone may send directly anyway, and a mutation over GET is refused (405).
    headers.set('apollo-require-preflight', 'true');
  }
  return headers;
}

export function graphqlRoute(deps: GraphqlRouteDeps, path = '/graphql'): Route {
  return route(['GET', 'POST'], path, async (req, res, { url, requestId, startedAt }) => {
    addVary(res, 'Accept'); // the media type is chosen from it
    const acceptable = acceptableMediaTypes(req.headers.accept);
    const mediaType = acceptable[0];
    // GraphQL over HTTP: 406 and stop processing; nothing is read, authenticated or run.
    if (!mediaType) throw new HttpRefusal(406, `Accept ${GRAPHQL_RESPONSE_JSON} or ${JSON_TYPE}.`);
    const contentType = `${mediaType}; charset=utf-8`;
    const clientIp = clientIpOf(req, deps.trustProxyHops);
    let body: unknown;
    try {
      body = req.method === 'POST' ? await readGraphqlBody(req, deps) : undefined;
      // A batch is not one GraphQL response: it is answered as plain JSON, so that must be acceptable.
      if (Array.isArray(body) && !acceptable.includes(JSON_TYPE)) throw new HttpRefusal(406, `A batch is answered as ${JSON_TYPE}: accept it.`);
    } catch (err) {
      if (!(err instanceof CreditGraphError)) throw err;
      return answer(res, refusal(err, contentType)); // not a GraphQL request: nothing to meter
    }
    const auth = await callerOrRefused(req, res, deps, { requestId, startedAt, clientIp, contentType });
    if (!auth) return;
    let headers: HeaderMap | undefined; // one map for every operation of a batch that reaches Apollo Server
    const call = { auth, clientIp, requestId, method: req.method!, headers: () => (headers ??= apolloHeaders(req, mediaType)), search: url.search, contentType };
    let result: Answer;
    if (Array.isArray(body)) {
      const answers: Answer[] = [];
      for (const [i, operation] of body.entries()) {
        answers.push(await runOperation(deps, { ...call, body: operation, startedAt: i === 0 ? startedAt : performance.now() }));
      }
      result = combineBatch(answers);
    } else {
      result = await runOperation(deps, { ...call, body, startedAt });
    }
    answer(res, result);
  });
}
