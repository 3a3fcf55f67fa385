/**
 * `/metrics` of a gateway of GATEWAY_WORKERS workers (gateway/cluster.ts). The primary hands each
 * connection to some worker, so a scrape answered from that worker's registry alone would count one
 * worker's requests, a different one's at each scrape: counters would jump up and down. Instead the
 * worker that takes the scrape asks the primary, which collects every worker's registry (prom-client's
 * AggregatorRegistry, over the cluster's IPC channel) and answers with one series per label set:
 * counters and histogram buckets summed over the workers, gauges by each metric's aggregator (sums
 * for queue depths and heap sizes, averages for event-loop lag, the first for version info), as
 * Prometheus users of a Node cluster expect.
 */
import { AggregatorRegistry, type Registry } from 'prom-client';
import { callPrimary } from '../cluster.ts';

export interface Exposition { contentType: string; text: string }

/**
 * In a worker: answers the primary's collections from `registry`, and returns the scrape, which
 * asks the primary for every worker's series summed.
 */
export function workerExposition(registry: Registry): () => Promise<Exposition> {
  // Constructing one is what installs prom-client's worker-side answer to the primary's collections.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  return () => callPrimary<Exposition>('metrics.collect', []);
}

/** In the primary: what the workers' scrapes call. */
export function metricsHandlers() {
  const aggregator = new AggregatorRegistry();
  return {
    'metrics.collect': async (): Promise<Exposition> => ({ contentType: aggregator.contentType, text: await aggregator.clusterMetrics() }),
  };
}
