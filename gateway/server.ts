/**
 * Builds the gateway (no I/O until `start()`): `@apollo/gateway` inside `@apollo/server` over the
 * static supergraph, with authorization applied before planning, operation limits, signed caller
 * headers to every subgraph and masked errors.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import type { GatewayGraphQLRequestContext as GraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  ApolloServerPluginLandingPageDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { getVariableValues, GraphQLError, Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { CALLER_HEADER, callerPayload, signPayload, type Caller, type Principal } from '../lib/caller.ts';
import { isErrorCode } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { GatewayConfig } from './config.ts';
import type { InstitutionPlan } from './authenticate.ts';
import { assertProtectedFieldsNullable, extractRules, type AuthorizationRules } from './authorization/directives.ts';
import { applyDenials, authorizeOperation, type Decision } from './authorization/enforce.ts';
import { assertKnownPolicies, evaluatorFor } from './authorization/policies.ts';
import { createSubgraphFetcher, type FetchInit, type MinimalResponse } from './fetcher.ts';
import { memoizeOperationFromDocument } from './operation-cache.ts';
import { checkLimits } from './limits.ts';
import { collectPulls, planMetering, type MeteringPlan } from './metering/analyze.ts';

export interface GatewayContext {
  principal: Principal;
  plan: InstitutionPlan | null;
  caller: Caller;
  clientIp: string;
  /** Filled in by the executor for metering. */
  usage: { archivePulls: number; personRecordPulls: number; fields: string[]; operationName: string | null; operationHash?: string };
}

type Executor = (rc: GraphQLRequestContext<GatewayContext>) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLError[]; extensions?: Record<string, unknown> }>;

/** Codes that Apollo Server itself sets and clients can rely on. */
const APOLLO_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

export interface GatewayParts {
  apollo: ApolloServer<GatewayContext>;
  rules: AuthorizationRules;
  close(): Promise<void>;
}

/**
 * Signs a subgraph request for the caller of the gateway request it serves: the caller's part is
 * encoded once per gateway request (a request makes several subgraph calls), each body is signed.
 */
function callerSigner(secret: string) {
  const payloads = new WeakMap<Caller, string>();
  return (caller: Caller, body: string): string => {
    let payload = payloads.get(caller);
    if (!payload) payloads.set(caller, (payload = callerPayload(caller)));
    return signPayload(payload, body, secret);
  };
}

/**
 * `RemoteGraphQLDataSource` with its request path replaced: the body is made, signed for the
 * caller and sent through our pooled client directly. (The original builds node-fetch `Headers`
 * and a `Request` per call for its error hooks, which we do not use: 5-7% of the gateway's CPU
 * with the header round trip this replaces; bench/README.md.) Its error mapping (`errorFromResponse`)
 * and body parsing are kept; there is no APQ to subgraphs and no `willSendRequest`. Answers are
 * never cacheable (as before: our subgraphs send no Cache-Control).
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string | undefined,
    private readonly post: (url: string, init: FetchInit) => Promise<MinimalResponse>,
    private readonly sign: (caller: Caller, body: string) => string,
  ) {
    super({ url });
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = options.context as Partial<GatewayContext> | undefined;
    if (!request.query) throw new Error('Missing query');
    const { http: _http, ...rest } = request;
    const body = JSON.stringify(rest);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context?.caller) headers[CALLER_HEADER] = this.sign(context.caller, body);
    const res = await this.post(this.url!, { method: 'POST', headers, body });
    if (!res.ok) throw await this.errorFromResponse(res as never);
    const parsed = await this.parseBody(res as never);
    if (parsed === null || typeof parsed !== 'object') throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    if ('incomingRequestContext' in options) options.incomingRequestContext.overallCachePolicy?.restrict({ maxAge: 0 });
    return { ...(parsed as GatewayGraphQLResponse), http: res as never };
  }
}

/**
 * What a caller of `createGateway` / `startGateway` may switch off: only the bench does
 * (`creditgraph-bare`, to measure what authorization and metering cost). No setting reaches it.
 */
export interface GatewayOptions {
  authorization?: boolean;
  metering?: boolean;
}

export function createGateway(settings: GatewayConfig, logger: Logger, options: GatewayOptions = {}): GatewayParts {
  const config = { ...settings, authorization: options.authorization ?? true, metering: options.metering ?? true };
  // @apollo/gateway reads this in its constructor: unset, it probes cloud-metadata addresses and
  // exports usage metrics to Apollo. Nothing may call out of a government network.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  memoizeOperationFromDocument();

  const supergraph = readFileSync(config.supergraphPath, 'utf8');
  const { rules, strippedSdl } = extractRules(supergraph);
  assertKnownPolicies(rules);
  const { forService, close: closeFetcher } = createSubgraphFetcher({ timeoutMs: config.subgraphTimeoutMs });
  const signer = callerSigner(config.callerSecret);

  const gateway = new ApolloGateway({
    supergraphSdl: strippedSdl,
    logger: logger as never,
    buildService: ({ name, url }) => {
      const override = config.subgraphUrls[name as keyof typeof config.subgraphUrls];
      return new SubgraphDataSource(override ?? url, forService(name), signer);
    },
  });

  let apiSchema: GraphQLSchema | null = null;
  interface Plan { decision: Decision | null; metering: MeteringPlan | null; hash: string }
  const plans = new Map<string, Plan>();

  // The plan for one (operation, kind of caller): which fields are withheld and where the
  // metering keys go. Computed once and cached; the query planner caches by the new hash.
  const planFor = (rc: GraphQLRequestContext<GatewayContext>, schema: GraphQLSchema): Plan => {
    const principal = rc.context.principal;
    const evaluator = evaluatorFor(principal);
    const meter = config.metering && principal.kind === 'INSTITUTION';
    const key = `${rc.queryHash}|${rc.request.operationName ?? ''}|${config.authorization ? evaluator.signature : '-'}|${meter}`;
    let plan = plans.get(key);
    if (plan) return plan;
    const decision = config.authorization
      ? authorizeOperation(schema, rules, rc.document!, rc.request.operationName, evaluator) : null;
    const metering = meter ? planMetering(schema, decision?.document ?? rc.document!, rc.request.operationName) : null;
    plan = { decision, metering, hash: createHash('sha256').update(key).digest('hex') };
    if (plans.size >= 5_000) plans.delete(plans.keys().next().value!);
    plans.set(key, plan);
    return plan;
  };

  const wrapExecutor = (inner: Executor): Executor => async (rc) => {
    if (!apiSchema || (!config.authorization && !config.metering)) return inner(rc);
    const { decision, metering, hash } = planFor(rc, apiSchema);
    if (decision && config.authorizationMode === 'reject') {
      return {
        data: null,
        errors: decision.denials.map((d) => new GraphQLError(`Not authorized to see ${d.coordinate}.`, {
          path: d.path, extensions: { code: 'FORBIDDEN' },
        })),
      };
    }
    // The metering document is built on the authorization one; without probes it is that one.
    const document = (metering?.probes.size ? metering.document : undefined) ?? decision?.document;
    const result = document
      ? await inner({
        ...rc,
        document,
        operation: document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION &&
          (!rc.request.operationName || d.name?.value === rc.request.operationName)) as OperationDefinitionNode,
        queryHash: hash,
      } as GraphQLRequestContext<GatewayContext>)
      : await inner(rc);
    const data = (result.data ?? null) as Record<string, unknown> | null;
    if (metering) {
      const pulls = collectPulls(data, metering.probes);
      Object.assign(rc.context.usage, {
        archivePulls: pulls.archive.size, personRecordPulls: pulls.person.size,
        fields: metering.fields, operationName: rc.request.operationName ?? rc.operationName ?? null,
        // The document as the client sent it (before any probe): rc.queryHash is its sha256.
        operationHash: rc.queryHash,
      });
    }
    if (!decision) return { ...result, data };
    const forbidden = applyDenials(data, decision).map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }));
    return { ...result, data, errors: [...(result.errors ?? []), ...forbidden] };
  };

  const apollo = new ApolloServer<GatewayContext>({
    gateway: {
      async load(options) {
        const loaded = await gateway.load(options);
        assertProtectedFieldsNullable(loaded.schema, rules);
        apiSchema = loaded.schema;
        return { schema: loaded.schema, executor: wrapExecutor(loaded.executor as unknown as Executor) as never };
      },
      onSchemaLoadOrUpdate: (cb) => gateway.onSchemaLoadOrUpdate(cb),
      stop: () => gateway.stop(),
    },
    logger: logger as never,
    introspection: !config.production,
    hideSchemaDetailsFromClientErrors: config.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: true,
    parseOptions: { maxTokens: config.limits.maxTokens },
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // The default landing page loads Apollo's sandbox from a CDN: nothing is loaded from outside.
      ApolloServerPluginLandingPageDisabled(),
      {
        async requestDidStart() {
          return {
            async didResolveOperation(rc) {
              if (!apiSchema) return;
              if (!rc.operation) {
                throw new GraphQLError(rc.request.operationName
                  ? `Unknown operation named "${rc.request.operationName}".`
                  : 'The document holds several operations: name one in operationName.', {
                  extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
                });
              }
              // Coerce variables here, before planning, so bad ones are a 400 like other input errors.
              const coerced = getVariableValues(apiSchema, rc.operation.variableDefinitions ?? [], rc.request.variables ?? {}, { maxErrors: 10 });
              if (coerced.errors) {
                throw new GraphQLError(coerced.errors.map((e) => e.message).join(' '), {
                  extensions: { code: 'BAD_USER_INPUT', reason: 'VARIABLES', http: { status: 400 } },
                });
              }
              checkLimits(apiSchema, rc.document, rc.operation, coerced.coerced, config.limits);
            },
          };
        },
      },
    ],
    formatError(formatted, error) {
      const code = formatted.extensions?.code;
      if (isErrorCode(code) || APOLLO_CODES.has(code as string)) {
        const { exception: _x, stacktrace: _s, http: _h, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
        return { ...formatted, extensions: ext };
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
      logger.error({ err: error }, 'unexpected error');
      return {
        message: config.production ? 'Internal server error' : `Internal server error: ${formatted.message}`,
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    },
  });

  return {
    apollo,
    rules,
    async close() {
      await apollo.stop();
      await closeFetcher();
    },
  };
}

