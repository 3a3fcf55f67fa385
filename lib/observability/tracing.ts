/**
 * OpenTelemetry traces of one service, exported over OTLP/HTTP (JSON) to the collector that
 * OTEL_EXPORTER_OTLP_ENDPOINT names, read through the config loader. Unset, there is no tracer:
 * callers test `tracer === null` and do nothing else, so the hot path pays one comparison and
 * nothing is ever sent (tests/no-outbound.test.ts).
 *
 * Each service has a provider of its own, with its own `service.name` (tests run several
 * services in one process). The gateway's is also made the global one, so that `@apollo/gateway`'s
 * own spans (gateway.request/validate/plan/execute/fetch) join its traces; the gateway also
 * registers the AsyncLocalStorage context manager they rely on. A subgraph passes its parent
 * explicitly (from the request's `traceparent`) and so needs no global state.
 */
import { context, propagation, trace, SpanKind, SpanStatusCode, type Context, type Link, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface Tracing {
  /** null when tracing is off: nothing to start, nothing sent. */
  tracer: Tracer | null;
  /** Exports what is buffered and stops. */
  close(): Promise<void>;
}

const OFF: Tracing = { tracer: null, close: async () => {} };
const w3c = new W3CTraceContextPropagator();
type Headers = Record<string, string | string[] | undefined>;
const getter = {
  keys: (carrier: Headers) => Object.keys(carrier),
  get: (carrier: Headers, key: string) => carrier[key],
};

/** The OTLP/HTTP traces URL of a collector's base URL (the spec's `<endpoint>/v1/traces`). */
export const tracesUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, '')}/v1/traces`;

export function startTracing(service: string, endpoint: string | null, opts: { global?: boolean } = {}): Tracing {
  if (!endpoint) return OFF;
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(endpoint) }), { scheduledDelayMillis: 1_000 })],
  });
  let registered = false;
  if (opts.global) {
    registered = trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(w3c);
  }
  return {
    tracer: provider.getTracer('creditgraph'),
    async close() {
      await provider.shutdown();
      if (opts.global) {
        // Lets a later service of this process (a test's next stack) register its own.
        if (registered) trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}

/** The parent a request's `traceparent` (and `tracestate`) names; the root context when none or malformed. */
export function extractParent(headers: Headers): Context {
  return w3c.extract(context.active(), headers, getter);
}

/** Adds `traceparent` (and `tracestate`) for `ctx`'s span to outgoing headers. */
export function injectInto(headers: Record<string, string>, ctx: Context = context.active()): void {
  w3c.inject(ctx, headers, { set: (carrier, key, value) => { carrier[key] = value; } });
}

/** A server span for an incoming request, child of its `traceparent` when it has one. */
export function startServerSpan(tracer: Tracer, name: string, headers: Headers): { span: Span; ctx: Context } {
  const parent = extractParent(headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

/** Ends `span` with its outcome: an error is recorded (its message only, never variables). */
export function endSpan(span: Span, err?: unknown): void {
  if (err) span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  span.end();
}

/**
 * Runs `fn` inside a child span of `parent` (default: the active context), ending it however `fn`
 * ends; `links` name spans of other traces it works for (a batch serving many requests).
 */
export async function inSpan<T>(
  tracer: Tracer, name: string, fn: () => Promise<T>, parent: Context = context.active(),
  attributes?: Record<string, string | number>, links?: Link[],
): Promise<T> {
  const span = tracer.startSpan(name, { attributes, links }, parent);
  try {
    const out = await context.with(trace.setSpan(parent, span), fn);
    endSpan(span);
    return out;
  } catch (err) {
    endSpan(span, err);
    throw err;
  }
}
