/**
 * `/rest/v1/...`: the REST facade (endpoints.ts, operations.graphql) and `GET /rest/v1/openapi.json`.
 * A call is one GraphQL operation run by `runOperation`, the function /graphql runs each operation
 * with: authenticated by the same `authenticate`, admitted by the same rate limit and quota, executed
 * by the same Apollo Server (analysis, field rules, caller header, response cache, trusted documents)
 * and metered and logged by the same `onResponse`. Only the envelope differs: the root field's value
 * is `data`, and an operation whose root field came back null with an error is answered with that
 * error's HTTP status (403 FORBIDDEN, 400 BAD_USER_INPUT, ...), so that a client reads the outcome
 * from the status alone; null without an error is 404 NOT_FOUND.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Supergraph } from '@apollo/federation-internals';
import { getNamedType, isListType, isNonNullType, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { CreditGraphError, HTTP_STATUS, isErrorCode } from '../../lib/errors.ts';
import { extractRules } from '../authorization/directives.ts';
import { apolloHeaders, callerOrRefused, type GraphqlRouteDeps } from '../http/graphql.ts';
import { readJsonBody } from '../http/body.ts';
import { clientIpOf } from '../http/client-ip.ts';
import { GRAPHQL_RESPONSE_JSON } from '../http/negotiate.ts';
import { runOperation, type ResponseInfo } from '../http/operation.ts';
import { answer, APPLICATION_JSON, errorBody, HttpRefusal, refusal, type Answer } from '../http/respond.ts';
import { jsonRoute, route, type Route } from '../http/routes.ts';
import { compileEndpoints, openApiDocument, type CompiledEndpoint } from './openapi.ts';
import { ENDPOINTS, REST_PREFIX, type Endpoint } from './endpoints.ts';

export type RestRouteDeps = Pick<GraphqlRouteDeps, 'apollo' | 'door' | 'keys' | 'verifyToken' | 'limits' | 'trustProxyHops' | 'admit' | 'onResponse'> & {
  supergraphSdl: string;
};

const OPERATIONS = new URL('./operations.graphql', import.meta.url);

/** The schema clients see (the gateway's API schema: join machinery and authorization directives out). */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(extractRules(supergraphSdl).strippedSdl).apiSchema().toGraphQLJSSchema();
}

/** The facade over a supergraph: its endpoints and the OpenAPI document describing exactly them. */
export function restApi(supergraphSdl: string) {
  const schema = apiSchemaOf(supergraphSdl);
  const endpoints = compileEndpoints(schema, readFileSync(OPERATIONS, 'utf8'));
  return { endpoints, document: openApiDocument(schema, endpoints) };
}

/** Status of an error on a root field that came back null (a field error is a 200 on /graphql). */
const FIELD_ERROR_STATUS: Record<string, number> = { FORBIDDEN: 403, NOT_FOUND: 404, SUBGRAPH_UNAVAILABLE: 503 };

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/** The GraphQL answer to an endpoint's operation as the REST answer. */
export function restAnswer(endpoint: CompiledEndpoint, graphql: Answer): Answer {
  const headers: Record<string, string> = { ...graphql.headers, 'content-type': APPLICATION_JSON };
  const body = JSON.parse(graphql.body.toString()) as GraphqlBody;
  // Refused before execution (401, 429, 400 ...): already the status and headers REST needs.
  if (graphql.status >= 400) return { status: graphql.status, headers, body: JSON.stringify({ errors: body.errors ?? [] }) };
  const value = body.data?.[endpoint.field] ?? null;
  const errors = body.errors ?? [];
  if (value === null) {
    const error = errors.find((e) => e.path?.length === 1 && e.path[0] === endpoint.field) ?? errors[0];
    if (!error) {
      return { status: 404, headers, body: JSON.stringify(errorBody('NOT_FOUND', `Nothing answers to these parameters (${endpoint.field} is null).`)) };
    }
    const code = error.extensions?.code;
    const status = (code && (FIELD_ERROR_STATUS[code] ?? (isErrorCode(code) ? HTTP_STATUS[code] : undefined))) || 500;
    if (code === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer';
    return { status, headers, body: JSON.stringify({ errors }) };
  }
  return { status: 200, headers, body: JSON.stringify(errors.length ? { data: value, errors } : { data: value }) };
}

/** A query string's or path segment's text as the variable's type takes it (GraphQL's coercion judges the rest). */
function fromText(type: GraphQLInputType, raw: string): unknown {
  switch (getNamedType(type).name) {
    case 'Int': case 'Float': return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'Boolean': return raw === 'true' ? true : raw === 'false' ? false : raw;
    default: return raw;
  }
}

const isList = (type: GraphQLInputType) => isListType(isNonNullType(type) ? type.ofType : type);
const unknownParameter = (names: string[], endpoint: CompiledEndpoint) =>
  new HttpRefusal(400, `Unknown parameter ${names.join(', ')}: ${endpoint.operation} takes ${endpoint.variables.map((v) => v.name).join(', ')}.`);

/** The operation's variables from the path, the query string (GET) or the JSON body (POST). */
async function variablesOf(req: IncomingMessage, endpoint: CompiledEndpoint, url: URL, params: Record<string, string>, maxBodyBytes: number) {
  const variables: Record<string, unknown> = {};
  if (endpoint.method === 'POST') {
    const { body } = await readJsonBody(req, maxBodyBytes);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpRefusal(400, 'The request body must be a JSON object of the parameters.');
    const unknown = Object.keys(body).filter((k) => !endpoint.variables.some((v) => v.name === k && v.in === 'body'));
    if (unknown.length) throw unknownParameter(unknown, endpoint);
    Object.assign(variables, body);
  } else {
    const unknown = [...new Set(url.searchParams.keys())].filter((k) => !endpoint.variables.some((v) => v.name === k && v.in === 'query'));
    if (unknown.length) throw unknownParameter(unknown, endpoint);
  }
  for (const v of endpoint.variables) {
    if (v.in === 'path') variables[v.name] = fromText(v.type, params[v.name]!);
    if (v.in !== 'query') continue;
    const given = url.searchParams.getAll(v.name);
    if (given.length) variables[v.name] = isList(v.type) ? given.map((g) => fromText(v.type, g)) : fromText(v.type, given[0]!);
  }
  return variables;
}

function endpointRoute(deps: RestRouteDeps, served: Endpoint, compiled: () => CompiledEndpoint): Route {
  const path = served.path.replace(/\{(\w+)\}/g, ':$1');
  return route(served.method, path, async (req, res, { url, params, requestId, startedAt }) => {
    const endpoint = compiled();
    const clientIp = clientIpOf(req, deps.trustProxyHops);
    let variables: Record<string, unknown>;
    try {
      variables = await variablesOf(req, endpoint, url, params, deps.limits.maxBodyBytes);
    } catch (err) {
      if (!(err instanceof CreditGraphError)) throw err;
      return answer(res, refusal(err)); // not yet an operation: nothing to meter, as on /graphql
    }
    const auth = await callerOrRefused(req, res, deps, { requestId, startedAt, clientIp });
    if (!auth) return;
    // The GraphQL-over-HTTP statuses (a request error is a 4xx here already); the body Apollo Server
    // reads is the operation built here, not the one received.
    const headers = () => {
      const made = apolloHeaders(req, GRAPHQL_RESPONSE_JSON);
      made.delete('content-length');
      made.set('content-type', 'application/json');
      return made;
    };
    // Metered and logged once the REST status is known (a root field's FORBIDDEN is a 403 here).
    let info: ResponseInfo | null = null;
    const graphql = await runOperation({ apollo: deps.apollo, door: deps.door, admit: deps.admit, onResponse: (i) => { info = i; } }, {
      auth, clientIp, requestId, startedAt, method: 'POST', headers, search: '',
      body: { query: endpoint.query, operationName: endpoint.operation, variables },
      contentType: `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`,
    });
    const rest = restAnswer(endpoint, graphql);
    if (info) await deps.onResponse?.({ ...(info as ResponseInfo), status: rest.status });
    answer(res, rest);
  });
}

/**
 * The facade's routes: one per endpoint, and its OpenAPI document. Compiled on the first call, not
 * at start: building the API schema again costs a second or more of CPU on a small machine, which
 * every gateway start (and every test's) would pay whether or not anyone calls REST.
 * tests/rest-facade.test.ts compiles it, so an operation the schema no longer takes fails there.
 */
export function restRoutes(deps: RestRouteDeps): Route[] {
  let api: ReturnType<typeof restApi> | null = null;
  const compiled = () => (api ??= restApi(deps.supergraphSdl));
  return [
    jsonRoute(`${REST_PREFIX}/openapi.json`, () => compiled().document),
    ...ENDPOINTS.map((e, i) => endpointRoute(deps, e, () => compiled().endpoints[i]!)),
  ];
}
