/**
 * Prometheus metrics of one service (the gateway or a subgraph), on a registry of its own: tests
 * run several services in one process, and each must expose only its own figures. Every registry
 * carries Node's default metrics (event-loop lag as `nodejs_eventloop_lag_seconds` and its
 * percentiles, heap, GC) labelled with the service's name.
 *
 * Exposition: `/metrics` on the service's own port when METRICS_TOKEN is set (a bearer token a
 * scraper sends), and/or on a port of its own (METRICS_PORT, `<NAME>_METRICS_PORT`) bound to HOST,
 * where whoever reaches the port may read. Neither configured: no `/metrics` at all.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface MetricsConfig {
  /** Bearer token for `/metrics` on the service's port; null: not served there. */
  token: string | null;
  /** A port of its own for `/metrics` (no token); null: none. */
  port: number | null;
}

export interface ServiceMetrics {
  registry: Registry;
  /** A queue's depth, read when scraped (`creditgraph_queue_depth{queue}`): a writer's backlog. */
  queueDepth(queue: string, read: () => number): void;
}

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const queues = new Map<string, () => number>();
  new Gauge({
    name: 'creditgraph_queue_depth',
    help: 'Entries waiting in a background writer (access log, metering), read at scrape time.',
    labelNames: ['queue'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [queue, read] of queues) this.set({ queue }, read());
    },
  });
  return { registry, queueDepth: (queue, read) => { queues.set(queue, read); } };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether the request's `Authorization: Bearer …` is the token (compared in constant time). */
export function metricsAuthorized(headers: IncomingHttpHeaders, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** The exposition a scrape gets: content type and text. */
export async function exposition(registry: Registry): Promise<{ contentType: string; text: string }> {
  return { contentType: registry.contentType, text: await registry.metrics() };
}

/**
 * `/metrics` on a port of its own (METRICS_PORT): answers GET /metrics, 404 otherwise. `source`: a
 * registry, or the scrape itself (a gateway worker's asks its primary for every worker's series).
 */
export async function listenMetrics(
  source: Registry | (() => Promise<{ contentType: string; text: string }>), host: string, port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const scrape = typeof source === 'function' ? source : () => exposition(source);
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    scrape().then(({ contentType, text }) => {
      res.writeHead(200, { 'content-type': contentType }).end(text);
    }, () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
