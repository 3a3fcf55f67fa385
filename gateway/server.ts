/**
 * Builds the gateway (no I/O until `start()`): `@apollo/gateway` inside `@apollo/server` over the
 * static supergraph. Before validation the document passes the gate (analysis/gate.ts); once
 * validated, one analysis per (operation, kind of caller) yields its cost, the fields withheld
 * from the caller and the metering probes, and rewrites it once (analysis/analyze.ts); after
 * execution one pass over the result applies it (analysis/result.ts). Every subgraph call carries
 * a signed caller header; errors are masked (format-error.ts); every cache is bounded by bytes
 * (caches.ts).
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import type { GatewayGraphQLRequestContext as GraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  ApolloServerPluginLandingPageDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { getVariableValues, GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { CALLER_HEADER, callerPayload, signPayload, type Caller, type Principal } from '../lib/caller.ts';
import { CreditGraphError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { GatewayConfig } from './config.ts';
import type { InstitutionPlan } from './authenticate.ts';
import { assertProtectedFieldsNullable, extractRules, type AuthorizationRules } from './authorization/directives.ts';
import { assertKnownPolicies, evaluatorFor } from './authorization/policies.ts';
import { analyzeOperation, type Analysis } from './analysis/analyze.ts';
import { checkCost } from './analysis/cost.ts';
import { shapeGate } from './analysis/gate.ts';
import { applyResult, resultPlan, type ResultPlan } from './analysis/result.ts';
import { deriveSubjects, type Subjects } from './analysis/subjects.ts';
import { approximateBytes, ByteLru, cacheBudgets, keyValueCache, sourceLength } from './caches.ts';
import { createSubgraphFetcher, type FetchInit, type MinimalResponse } from './fetcher.ts';
import { createErrorFormatter } from './format-error.ts';
import { memoizeOperationFromDocument } from './operation-cache.ts';
import { issuedReports, requestedReports } from './metering/reports.ts';
import { injectInto } from '../lib/observability/tracing.ts';
import type { GatewayHooks } from './observability/hooks.ts';
import type { createTrustedDocuments } from './trusted-documents.ts';
import { cacheabilityOf, publicFields, type Cacheability, type PublicFields } from './cache/disclosure.ts';
import { answerFromCache, stringifyResult } from './cache/executor.ts';
import { ResponseCache } from './cache/response-cache.ts';
import { frontDoor, type FrontDoor } from './cache/front-door.ts';
import { recordPulls, type OperationUsage } from './metering/operation-usage.ts';

export interface GatewayContext {
  principal: Principal;
  plan: InstitutionPlan | null;
  caller: Caller;
  clientIp: string;
  /** Filled in by the executor for metering. */
  usage: OperationUsage;
}

type Executor = (rc: GraphQLRequestContext<GatewayContext>) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLError[]; extensions?: Record<string, unknown> }>;

export interface GatewayParts {
  apollo: ApolloServer<GatewayContext>;
  rules: AuthorizationRules;
  /** The response cache of public answers (gateway/cache/), or null when its budget is 0. */
  responses: ResponseCache | null;
  /** Its kept answers served before Apollo Server (gateway/cache/front-door.ts), or null. */
  door: FrontDoor | null;
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
    private readonly serviceName: string,
    private readonly hooks: GatewayHooks | undefined,
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
    const res = this.hooks ? await this.observed(headers, body, context) : await this.post(this.url!, { method: 'POST', headers, body });
    if (!res.ok) throw await this.errorFromResponse(res as never);
    const parsed = await this.parseBody(res as never);
    if (parsed === null || typeof parsed !== 'object') throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    if ('incomingRequestContext' in options) options.incomingRequestContext.overallCachePolicy?.restrict({ maxAge: 0 });
    return { ...(parsed as GatewayGraphQLResponse), http: res as never };
  }

  /** The call timed for the metrics, noted for the request log, and carrying `traceparent` (the active gateway.fetch span's) when tracing. */
  private async observed(headers: Record<string, string>, body: string, context: Partial<GatewayContext> | undefined): Promise<MinimalResponse> {
    const hooks = this.hooks!;
    if (hooks.tracing) injectInto(headers);
    const called = context?.usage && (context.usage.subgraphs ??= []);
    if (called && !called.includes(this.serviceName)) called.push(this.serviceName);
    const started = performance.now();
    let ok = false;
    try {
      const res = await this.post(this.url!, { method: 'POST', headers, body });
      ok = res.ok;
      return res;
    } finally {
      hooks.subgraphFetch(this.serviceName, (performance.now() - started) / 1000, ok);
    }
  }
}

/** The analysis of one operation for one kind of caller, or the limit it crossed. */
interface Plan {
  analysis: Analysis | null;
  refused: CreditGraphError | null;
  result: ResultPlan | null;
  /** The query hash the planner caches the rewritten document under. */
  hash: string;
  /** Whether (and on what) the answer may be shared from the response cache; null: never. */
  cache: Cacheability | null;
  bytes: number;
}

/**
 * What a caller of `createGateway` / `startGateway` may switch off: only the bench does
 * (`creditgraph-bare`, to measure what authorization and metering cost). No setting reaches it.
 */
export interface GatewayOptions {
  authorization?: boolean;
  metering?: boolean;
}

/** What `startGateway` adds to the gateway it builds (absent in unit tests and the bench). */
export interface GatewayExtensions {
  /** Metrics and traces (gateway/observability/). */
  observability?: GatewayHooks;
  /** Trusted documents (gateway/trusted-documents.ts): its check, and its documents behind the persisted queries. */
  trustedDocuments?: ReturnType<typeof createTrustedDocuments>;
  /** The plan's quota of credit reports (gateway/metering/): throws QUOTA_EXCEEDED before an operation issuing `count` reports runs. */
  admitReports?: (principal: Principal, plan: InstitutionPlan | null, count: number) => void | Promise<void>;
}

export function createGateway(settings: GatewayConfig, logger: Logger, options: GatewayOptions = {}, extensions: GatewayExtensions = {}): GatewayParts {
  const hooks = extensions.observability;
  const trusted = extensions.trustedDocuments;
  const config = { ...settings, authorization: options.authorization ?? true, metering: options.metering ?? true };
  // @apollo/gateway reads this in its constructor: unset, it probes cloud-metadata addresses and
  // exports usage metrics to Apollo. Nothing may call out of a government network.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const budgets = cacheBudgets(config.cacheBytes);
  memoizeOperationFromDocument(budgets.operations);

  const supergraph = readFileSync(config.supergraphPath, 'utf8');
  const { rules, strippedSdl } = extractRules(supergraph);
  assertKnownPolicies(rules);
  const { forService, close: closeFetcher } = createSubgraphFetcher({ timeoutMs: config.subgraphTimeoutMs });
  const signer = callerSigner(config.callerSecret);

  const gateway = new ApolloGateway({
    supergraphSdl: strippedSdl,
    logger: logger as never,
    queryPlannerConfig: { cache: keyValueCache(new ByteLru(budgets.queryPlans, approximateBytes.queryPlan)) as never },
    buildService: ({ name, url }) => {
      const override = config.subgraphUrls[name as keyof typeof config.subgraphUrls];
      return new SubgraphDataSource(override ?? url, forService(name), signer, name, hooks);
    },
  });

  let apiSchema: GraphQLSchema | null = null;
  let subjects: Subjects | null = null;
  const responses = config.responseCache.bytes > 0 ? new ResponseCache(config.responseCache) : null;
  let openFields: PublicFields | null = null;
  // A rewritten document holds new nodes along every changed path and keeps the client's alive:
  // counted as a whole parsed document; an unchanged one as the analysis alone.
  const plans = new ByteLru<string, Plan>(budgets.plans, (p) => p.bytes);
  /** The plan each operation's didResolveOperation found, for its executor (keyed by the per-operation context). */
  const planned = new WeakMap<object, Plan>();

  // The plan for one (operation, kind of caller): its cost, which fields are withheld and where
  // the metering keys go. Computed once and cached; the query planner caches by the new hash.
  const planFor = (rc: { queryHash?: string; request: { operationName?: string | null }; document?: DocumentNode; operation?: OperationDefinitionNode; context: GatewayContext }, schema: GraphQLSchema): Plan => {
    const principal = rc.context.principal;
    const evaluator = evaluatorFor(principal);
    const meter = config.metering && principal.kind === 'INSTITUTION';
    const key = `${rc.queryHash}|${rc.request.operationName ?? ''}|${config.authorization ? evaluator.signature : '-'}|${meter}`;
    let plan = plans.get(key);
    if (plan) return plan;
    const document = rc.document!;
    plan = { analysis: null, refused: null, result: null, hash: hash('sha256', key, 'hex'), cache: null, bytes: 0 };
    try {
      plan.analysis = analyzeOperation(document, rc.operation!, {
        schema, limits: config.limits,
        authorization: config.authorization ? { rules, allows: (r) => evaluator.allows(r) } : null,
        metering: meter ? subjects : null,
      });
      plan.result = resultPlan(plan.analysis);
      if (responses && openFields) plan.cache = cacheabilityOf(plan.analysis, rc.operation!, schema, openFields);
    } catch (err) {
      if (!(err instanceof CreditGraphError)) throw err;
      plan.refused = err;
    }
    plan.bytes = plan.analysis?.document ? approximateBytes.document(document) : sourceLength(document) * 8;
    plans.set(key, plan);
    return plan;
  };

  // What metering records of an operation, whether or not the analysis rewrote it.
  const recordUsage = (rc: GraphQLRequestContext<GatewayContext>, fields: string[], pulls: { archive: number; person: number; reports?: number }) => {
    recordPulls(rc.context.usage, {
      archivePulls: pulls.archive, personRecordPulls: pulls.person, reports: pulls.reports,
      fields, operationName: rc.request.operationName ?? rc.operationName ?? null,
      // The document as the client sent it (before any probe): rc.queryHash is its sha256.
    }, rc.queryHash);
  };

  // An issued credit report is counted as a report (UsageBucket.reports, gateway/metering/reports.ts),
  // not as an archive pull: the plan's `monthlyReports` counts it (extensions.admitReports).
  const withReports = (rc: GraphQLRequestContext<GatewayContext>, data: unknown, pulls: { archive: number; person: number }) => {
    const reports = rc.operation ? issuedReports(rc.operation, rc.document, data as Record<string, unknown> | null | undefined) : 0;
    return { ...pulls, reports };
  };

  const run = (inner: Executor): Executor => async (rc) => {
    const plan = planned.get(rc.context) ?? (apiSchema && planFor(rc as never, apiSchema));
    const analysis = plan?.analysis;
    if (!plan || !analysis) return inner(rc);
    const metered = config.metering && rc.context.principal.kind === 'INSTITUTION';
    if (!analysis.document && !plan.result) {
      if (!metered) return inner(rc);
      const result = await inner(rc);
      recordUsage(rc, analysis.fields, withReports(rc, result.data, { archive: 0, person: 0 }));
      return result;
    }
    if (config.authorization && config.authorizationMode === 'reject' && analysis.denials.length) {
      return {
        data: null,
        errors: analysis.denials.map((d) => new GraphQLError(`Not authorized to see ${d.coordinate}.`, {
          path: d.path, extensions: { code: 'FORBIDDEN' },
        })),
      };
    }
    const result = analysis.document
      ? await inner({ ...rc, document: analysis.document, operation: analysis.operation!, queryHash: plan.hash } as GraphQLRequestContext<GatewayContext>)
      : await inner(rc);
    const data = (result.data ?? null) as Record<string, unknown> | null;
    const { errors, pulls } = plan.result ? applyResult(data, plan.result) : { errors: [], pulls: null };
    if (metered) recordUsage(rc, analysis.fields, withReports(rc, data, pulls ?? { archive: 0, person: 0 }));
    if (!errors.length) return { ...result, data };
    const forbidden = errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }));
    return { ...result, data, errors: [...(result.errors ?? []), ...forbidden] };
  };
  const wrapExecutor = (inner: Executor): Executor => (responses ? answerFromCache(responses, run(inner), {
    cacheability: (rc) => (planned.get(rc.context) ?? null)?.cache ?? null,
    metered: (rc) => config.metering && rc.context.principal.kind === 'INSTITUTION',
  }) : run(inner));

  const apollo = new ApolloServer<GatewayContext>({
    gateway: {
      async load(options) {
        const loaded = await gateway.load(options);
        assertProtectedFieldsNullable(loaded.schema, rules);
        apiSchema = loaded.schema;
        subjects = deriveSubjects(loaded.schema, rules);
        openFields = publicFields(supergraph, loaded.schema, rules);
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
    validationRules: [shapeGate(config.limits)],
    documentStore: keyValueCache(new ByteLru(budgets.documents, approximateBytes.document)),
    cache: (() => {
      const apq = keyValueCache(new ByteLru(budgets.persistedQueries, approximateBytes.text));
      return trusted ? trusted.withTrustedDocuments(apq) : apq;
    })(),
    csrfPrevention: true,
    stringifyResult,
    plugins: [
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // The default landing page loads Apollo's sandbox from a CDN: nothing is loaded from outside.
      ApolloServerPluginLandingPageDisabled(),
      ...(hooks ? [hooks.plugin] : []),
      ...(trusted ? [trusted.plugin] : []),
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
              const plan = planFor({ ...rc, context: rc.contextValue }, apiSchema);
              if (plan.refused) throw plan.refused;
              await extensions.admitReports?.(rc.contextValue.principal, rc.contextValue.plan, requestedReports(rc.operation, rc.document));
              if (!plan.analysis!.costChecked) checkCost(plan.analysis!.cost, coerced.coerced, config.limits);
              planned.set(rc.contextValue, plan);
            },
          };
        },
      },
    ],
    formatError: createErrorFormatter(logger),
  });

  const door = responses && frontDoor(responses, {
    metered: (principal) => config.metering && principal.kind === 'INSTITUTION',
    mayRun: trusted?.mayRun,
  });

  return {
    apollo,
    rules,
    responses,
    door,
    async close() {
      await apollo.stop();
      await closeFetcher();
    },
  };
}
