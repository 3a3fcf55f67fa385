/**
 * One GraphQL operation through Apollo Server, counted on its own: admitted (a rate-limit token,
 * the quota) before it runs, executed with a context of its own (its own usage figures), and
 * reported once its answer is known. A batch is N of these, one after another.
 */
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { CreditGraphError } from '../../lib/errors.ts';
import type { Authenticated } from '../authenticate.ts';
import { noUsage } from '../metering/operation-usage.ts';
import type { GatewayContext } from '../server.ts';
import type { FrontDoor } from '../cache/front-door.ts';
import { refusal, type Answer } from './respond.ts';

/** Admission before execution (rate limits, quotas): may throw a CreditGraphError; returns the answer's headers, a new object each time (the answer adds its own to it). */
export type Admit = (auth: Authenticated, clientIp: string, requestId: string) => Promise<Record<string, string>>;

/** What metering learns of each operation (a batch of N reports N times), or of a request refused before any. */
export interface ResponseInfo {
  auth: Authenticated | null;
  context: GatewayContext | null;
  requestId: string;
  status: number;
  startedAt: number;
  clientIp: string;
  /** Refused before execution (authentication, rate, quota, limits) or answered with an HTTP error. */
  refused: boolean;
  /** A refusal's error code (the request log and metrics; gateway/observability/). */
  code?: string;
}

export interface OperationDeps {
  apollo: ApolloServer<GatewayContext>;
  /** The response cache's door: kept public answers served without Apollo Server. */
  door?: FrontDoor | null;
  admit?: Admit;
  /** Awaited before the answer is written: metering may need the usage counted first (gateway/metering/index.ts). */
  onResponse?: (info: ResponseInfo) => Promise<void> | void;
}

export interface OperationCall {
  auth: Authenticated;
  clientIp: string;
  requestId: string;
  startedAt: number;
  method: string;
  /**
   * The headers Apollo Server sees (Accept already reduced to the media type chosen), made only if
   * it runs: an answer served at the cache's door never needs them.
   */
  headers: () => HeaderMap;
  search: string;
  /** One operation's parameters (a POST body, or one element of a batch); undefined for GET. */
  body: unknown;
  contentType: string;
}

async function bodyText(body: HTTPGraphQLResponse['body']): Promise<string> {
  if (body.kind === 'complete') return body.string;
  let text = '';
  for await (const chunk of body.asyncIterator) text += chunk;
  return text;
}

export async function runOperation(deps: OperationDeps, call: OperationCall): Promise<Answer> {
  const { auth, clientIp, requestId, startedAt } = call;
  let admitted: Record<string, string> = {};
  if (deps.admit) {
    try {
      admitted = await deps.admit(auth, clientIp, requestId);
    } catch (err) {
      if (!(err instanceof CreditGraphError)) throw err;
      const refused = refusal(err, call.contentType);
      deps.onResponse?.({ auth, context: null, requestId, status: refused.status, startedAt, clientIp, refused: true, code: err.code });
      return refused;
    }
  }
  const context: GatewayContext = {
    principal: auth.principal,
    plan: auth.plan,
    clientIp,
    caller: { principal: auth.principal, purpose: auth.purpose, requestId },
    // Apollo Server copies the context shallowly: this object is the one the executor fills.
    usage: noUsage(),
  };
  const kept = deps.door && await deps.door.answer({ method: call.method, body: call.body, principal: auth.principal, usage: context.usage });
  if (kept) {
    await deps.onResponse?.({ auth, context, requestId, status: 200, startedAt, clientIp, refused: false });
    // The headers Apollo Server sends with such an answer (its cache-control plugin: no hints, no-store),
    // added to admission's (an object of this request's own).
    admitted['cache-control'] = 'no-store';
    admitted['content-type'] = call.contentType;
    return { status: 200, headers: admitted, body: kept };
  }
  const result = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: call.method, headers: call.headers(), search: call.search, body: call.body },
    context: async () => context,
  });
  const text = await bodyText(result.body);
  const status = result.status ?? 200;
  await deps.onResponse?.({ auth, context, requestId, status, startedAt, clientIp, refused: status >= 400 });
  const headers: Record<string, string> = { ...admitted };
  for (const [k, v] of result.headers) headers[k] = v;
  return { status, headers, body: text };
}
