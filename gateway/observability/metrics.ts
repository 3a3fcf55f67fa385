/**
 * The gateway's own Prometheus series, beside Node's defaults (lib/observability/metrics.ts):
 * requests by operation, kind of caller and code; their latency; each subgraph fetch's latency.
 *
 * Operation names are the client's to choose: the first MAX_OPERATION_NAMES distinct names keep
 * their own label, later ones are counted as `(other)`, so that a client cannot grow the registry
 * (and every scrape) without bound.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Principal } from '../../lib/caller.ts';

export const MAX_OPERATION_NAMES = 500;
/** Seconds: from a cached 2 ms read to the subgraph timeout's order of magnitude. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface RequestObservation {
  principal: Principal | null;
  operationName: string | null;
  /** `OK`, the first error's code, or the HTTP status's meaning for a refusal without one. */
  code: string;
  seconds: number;
}

/** `INSTITUTION` callers by their kind (`FINANCIAL`, `GOVERNMENT`, …); others by the principal's kind. */
export const callerKind = (p: Principal | null) => (p === null ? 'UNAUTHENTICATED' : p.kind === 'INSTITUTION' ? p.institutionKind : p.kind);

export function createGatewayMetrics(registry: Registry) {
  const requests = new Counter({
    name: 'creditgraph_gateway_requests_total',
    help: 'GraphQL operations answered, by operation name, kind of caller and outcome code (OK or the first error code).',
    labelNames: ['operation', 'kind', 'code'], registers: [registry],
  });
  const latency = new Histogram({
    name: 'creditgraph_gateway_request_duration_seconds',
    help: 'Time from the request\'s arrival to its answer, by operation name and kind of caller.',
    labelNames: ['operation', 'kind'], buckets: LATENCY_BUCKETS, registers: [registry],
  });
  const fetches = new Histogram({
    name: 'creditgraph_gateway_subgraph_fetch_duration_seconds',
    help: 'One subgraph call of the gateway, from sending to the whole answer read, by subgraph and outcome.',
    labelNames: ['subgraph', 'outcome'], buckets: LATENCY_BUCKETS, registers: [registry],
  });
  const names = new Set<string>();
  const operationLabel = (name: string | null) => {
    if (!name) return '(anonymous)';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return '(other)';
    names.add(name);
    return name;
  };
  return {
    request(o: RequestObservation): void {
      const operation = operationLabel(o.operationName);
      const kind = callerKind(o.principal);
      requests.inc({ operation, kind, code: o.code });
      latency.observe({ operation, kind }, o.seconds);
    },
    subgraphFetch(subgraph: string, seconds: number, ok: boolean): void {
      fetches.observe({ subgraph, outcome: ok ? 'ok' : 'error' }, seconds);
    },
  };
}
