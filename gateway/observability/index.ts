/**
 * The gateway's observability, built once by `startGateway`: Prometheus metrics (`/metrics`
 * behind METRICS_TOKEN, and/or on METRICS_PORT), OpenTelemetry traces (only with
 * OTEL_EXPORTER_OTLP_ENDPOINT) and the request log. What the gateway's parts call:
 *  - `hooks` go to `createGateway` (each subgraph fetch timed and traced; the Apollo plugin);
 *  - `onResponse` beside metering's, once per operation answered or refused;
 *  - `wrap` around the HTTP handler: the server span, child of an incoming `traceparent`.
 */
import cluster from 'node:cluster';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import type { Logger } from '../../lib/logger.ts';
import { createServiceMetrics, exposition, listenMetrics, metricsAuthorized } from '../../lib/observability/metrics.ts';
import { endSpan, startServerSpan, startTracing } from '../../lib/observability/tracing.ts';
import type { GatewayConfig } from '../config.ts';
import type { ResponseInfo } from '../http/operation.ts';
import { presetHeader, sendJson, writeHead } from '../http/respond.ts';
import { route, type Route } from '../http/routes.ts';
import { workerExposition } from './cluster-metrics.ts';
import { createGatewayMetrics } from './metrics.ts';
import { observabilityPlugin } from './plugin.ts';
import { logRequest } from './request-log.ts';

export type { GatewayHooks } from './hooks.ts';
import type { GatewayHooks } from './hooks.ts';

/** What a refusal without a code of its own is counted as. */
const byStatus = (status: number) => (status < 400 ? 'OK' : `HTTP_${status}`);

export function createGatewayObservability(config: Readonly<GatewayConfig>, logger: Logger) {
  const service = createServiceMetrics('gateway');
  const metrics = createGatewayMetrics(service.registry);
  // A worker of several answers a scrape with every worker's series summed (./cluster-metrics.ts).
  const scrape = cluster.isWorker ? workerExposition(service.registry) : () => exposition(service.registry);
  const tracing = startTracing('gateway', config.otlpEndpoint, { global: true });
  const { tracer } = tracing;
  let ownPort: Awaited<ReturnType<typeof listenMetrics>> | null = null;

  const hooks: GatewayHooks = {
    tracing: tracer !== null,
    plugin: observabilityPlugin(tracer),
    subgraphFetch: metrics.subgraphFetch,
  };

  const onResponse = (info: ResponseInfo) => {
    const usage = info.context?.usage;
    const principal = info.auth?.principal ?? null;
    const code = info.code ?? usage?.errorCode ?? byStatus(info.status);
    const durationMs = performance.now() - info.startedAt;
    metrics.request({ principal, operationName: usage?.operationName ?? null, code, seconds: durationMs / 1000 });
    logRequest(logger, {
      requestId: info.requestId, principal, operationName: usage?.operationName ?? null, operationHash: usage?.operationHash,
      status: info.status, code, durationMs, subgraphs: usage?.subgraphs ?? [],
    });
  };

  /** `GET /metrics` on the API's port: only with METRICS_TOKEN, and only for its bearer. */
  const routes: Route[] = config.metricsToken === null ? [] : [route('GET', '/metrics', async (req, res) => {
    if (!metricsAuthorized(req.headers, config.metricsToken!)) {
      presetHeader(res, 'www-authenticate', 'Bearer');
      sendJson(res, 401, { errors: [{ message: 'Send the metrics token as a bearer token.', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    const { contentType, text } = await scrape();
    writeHead(res, 200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(text);
  })];

  /** The HTTP handler inside a server span (tracing on); the handler itself when off. */
  const wrap = (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => {
    if (!tracer) return handler;
    return (req: IncomingMessage, res: ServerResponse) => {
      const { span, ctx } = startServerSpan(tracer, `${req.method} ${(req.url ?? '/').split('?')[0]}`, req.headers);
      res.once('close', () => { span.setAttribute('http.response.status_code', res.statusCode); endSpan(span, res.statusCode >= 500 ? new Error(`HTTP ${res.statusCode}`) : undefined); });
      return context.with(ctx, () => handler(req, res));
    };
  };

  return {
    registry: service.registry,
    queueDepth: service.queueDepth,
    hooks,
    onResponse,
    routes,
    wrap,
    /** Serves `/metrics` on METRICS_PORT when set; the URL, or null. */
    async listen(): Promise<string | null> {
      if (config.metricsPort === null) return null;
      ownPort = await listenMetrics(scrape, config.host, config.metricsPort);
      return ownPort.url;
    },
    async close() {
      await ownPort?.close();
      await tracing.close();
    },
  };
}
