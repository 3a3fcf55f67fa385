/**
 * A subgraph's observability, wired by `defineSubgraph` (lib/subgraph.ts): its Prometheus
 * registry (request latency by status, queue depths its setup names, Node's defaults) served at
 * `/metrics` behind METRICS_TOKEN and/or on `<NAME>_METRICS_PORT`; and, only with
 * OTEL_EXPORTER_OTLP_ENDPOINT, a server span per GraphQL request (child of the gateway's
 * `traceparent`) with a span for each root field and entity reference, the resolvers that reach
 * the database through the loaders.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context, Span, Tracer } from '@opentelemetry/api';
import { Histogram, type Registry } from 'prom-client';
import { createServiceMetrics, exposition, metricsAuthorized } from './metrics.ts';
import { endSpan, inSpan, startServerSpan, startTracing } from './tracing.ts';

type Resolver = (...args: unknown[]) => unknown;
const ROOTS = new Set(['Query', 'Mutation']);

/** The resolver map with root fields and `__resolveReference` inside spans (children of the request's). */
export function tracedResolvers(resolvers: object, tracer: Tracer): object {
  const out: Record<string, unknown> = {};
  for (const [type, fields] of Object.entries(resolvers)) {
    if (fields === null || typeof fields !== 'object' || Object.getPrototypeOf(fields) !== Object.prototype) {
      out[type] = fields; // a scalar's GraphQLScalarType, kept as it is
      continue;
    }
    const wrapped: Record<string, unknown> = { ...fields };
    for (const [field, fn] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof fn !== 'function' || !(ROOTS.has(type) || field === '__resolveReference')) continue;
      // (parent, args, ctx, info) for a field; (reference, ctx, info) for a reference.
      const ctxAt = field === '__resolveReference' ? 1 : 2;
      const name = `resolve ${type}.${field}`;
      wrapped[field] = (...args: unknown[]) => {
        const parent = (args[ctxAt] as { trace?: Context } | undefined)?.trace;
        if (!parent) return (fn as Resolver)(...args);
        return inSpan(tracer, name, async () => (fn as Resolver)(...args), parent);
      };
    }
    out[type] = wrapped;
  }
  return out;
}

export function createSubgraphObservability(name: string, config: { metricsToken: string | null; otlpEndpoint: string | null }) {
  const service = createServiceMetrics(name);
  const tracing = startTracing(name, config.otlpEndpoint);
  const { tracer } = tracing;
  const latency = new Histogram({
    name: 'creditgraph_subgraph_request_duration_seconds',
    help: 'GraphQL requests the subgraph answered, by HTTP status.',
    labelNames: ['status'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [service.registry],
  });
  const spans = new WeakMap<FastifyRequest, Span>();

  return {
    registry: service.registry as Registry,
    queueDepth: service.queueDepth,
    tracer,
    /** The request's trace context (a server span, child of its `traceparent`); undefined when tracing is off. */
    requestTrace(request: FastifyRequest): Context | undefined {
      if (!tracer) return undefined;
      const { span, ctx } = startServerSpan(tracer, `subgraph ${name}`, request.headers);
      spans.set(request, span);
      return ctx;
    },
    /** Hooks and the `/metrics` route on the subgraph's own server. */
    install(app: FastifyInstance): void {
      app.addHook('onResponse', async (request, reply) => {
        if (request.routeOptions.url !== '/graphql') return;
        latency.observe({ status: String(reply.statusCode) }, reply.elapsedTime / 1000);
        const span = spans.get(request);
        if (span) endSpan(span, reply.statusCode >= 500 ? new Error(`HTTP ${reply.statusCode}`) : undefined);
      });
      const token = config.metricsToken;
      if (token === null) return;
      app.get('/metrics', async (request, reply) => {
        if (!metricsAuthorized(request.headers, token)) {
          return reply.code(401).header('www-authenticate', 'Bearer').send({ errors: [{ message: 'Send the metrics token as a bearer token.', extensions: { code: 'UNAUTHENTICATED' } }] });
        }
        const { contentType, text } = await exposition(service.registry);
        return reply.header('content-type', contentType).header('cache-control', 'no-store').send(text);
      });
    },
    close: () => tracing.close(),
  };
}
