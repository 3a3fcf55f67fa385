/**
 * The gateway's request log: one pino line per GraphQL operation answered (a batch of N writes
 * N), at `info`, through the process's redacting logger (lib/logger.ts). It names the caller only
 * by kind and, for an institution, its id: never a person's or an enterprise's identity, never
 * variables, keys or tokens.
 */
import type { Logger } from '../../lib/logger.ts';
import type { Principal } from '../../lib/caller.ts';
import { callerKind } from './metrics.ts';

export interface RequestLogEntry {
  requestId: string;
  principal: Principal | null;
  operationName: string | null;
  operationHash: string | undefined;
  status: number;
  code: string;
  durationMs: number;
  subgraphs: readonly string[];
}

export function logRequest(logger: Logger, e: RequestLogEntry): void {
  logger.info({
    requestId: e.requestId,
    kind: callerKind(e.principal),
    institution: e.principal?.kind === 'INSTITUTION' ? e.principal.institutionId : undefined,
    operationName: e.operationName ?? undefined,
    operationHash: e.operationHash,
    status: e.status,
    code: e.code,
    durationMs: Math.round(e.durationMs * 10) / 10,
    subgraphs: e.subgraphs,
  }, 'request');
}
