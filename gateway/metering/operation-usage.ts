/**
 * What one operation used: filled in while it runs (by the executor for a computed answer, by the
 * response cache for a kept one) and read when it ends by metering (usage buckets, quotas), the
 * request log and the metrics. One shape and one writer, so a cached answer counts exactly what the
 * computed one did.
 */
export interface OperationUsage {
  archivePulls: number;
  personRecordPulls: number;
  /** Credit reports issued by the operation (counted against the plan's monthlyReports). */
  reports?: number;
  fields: string[];
  operationName: string | null;
  /** The sha256 of the document as the client sent it (Apollo Server's queryHash). */
  operationHash?: string;
  /** The answer came from the response cache. */
  cached?: boolean;
  /** The cache's door looked this request up in vain (gateway/cache/front-door.ts): not again inside. */
  cacheLookedUp?: boolean;
  /** For the request log and metrics (gateway/observability/): subgraphs called, in order; the first error's code. */
  subgraphs?: string[];
  errorCode?: string;
}

/** A request's usage before it runs: nothing pulled. */
export const noUsage = (): OperationUsage => ({ archivePulls: 0, personRecordPulls: 0, fields: [], operationName: null });

/** What a metered answer pulled: kept with a cached answer so each hit counts the same. */
export interface Pulls {
  archivePulls: number;
  personRecordPulls: number;
  reports?: number;
  fields: string[];
  operationName: string | null;
}

/** Records an answer's pulls (computed or cached) on the request's usage. */
export function recordPulls(usage: OperationUsage, pulls: Pulls, operationHash: string | undefined): void {
  usage.archivePulls = pulls.archivePulls;
  usage.personRecordPulls = pulls.personRecordPulls;
  usage.reports = pulls.reports ?? 0;
  usage.fields = pulls.fields;
  usage.operationName = pulls.operationName;
  usage.operationHash = operationHash;
}
