/**
 * The workers of one gateway count usage in the primary (gateway/cluster.ts): each worker sends
 * its responses' usage there and asks it for the quota counts, so a quota is as exact across the
 * workers as in one process (an operation is checked against every operation answered before it,
 * on whichever worker) and the primary alone writes the counts to the platform database.
 * A worker killed with -9 loses nothing: its counts are already in the primary.
 */
import { callPrimary, notePrimary } from '../cluster.ts';
import type { UsageEvent, UsageRecorder } from './usage.ts';

/** What metering needs of a usage counter: the primary's `UsageRecorder` itself, or a worker's window on it. */
export interface UsageLedger {
  record(e: UsageEvent): void;
  /**
   * As `record`, resolved once a quota read on any worker sees the event. In one process that is at
   * once; in a worker it is the primary's acknowledgment. A note alone leaves the worker at the end
   * of its event-loop turn (cluster.ts batches them), after the answer may already have gone out: a
   * client sending its next request at once could reach another worker, whose quota read the
   * primary could answer before the note arrived, and get one pull over its quota (seen at load 7).
   */
  recordCounted(e: UsageEvent): Promise<void>;
  archivePullsUsed(institutionId: string): { day: number; month: number } | Promise<{ day: number; month: number }>;
  reportsUsed(institutionId: string): number | Promise<number>;
  /** Rows waiting to be written in this process (a worker holds none). */
  readonly backlog: number;
  start(): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

type WireEvent = Omit<UsageEvent, 'at'> & { at: number };

/** In a worker: the primary's usage counts. */
export function clusterUsage(): UsageLedger {
  return {
    record: (e) => notePrimary('usage.record', [{ ...e, at: e.at.getTime() } satisfies WireEvent]),
    recordCounted: (e) => callPrimary('usage.record', [{ ...e, at: e.at.getTime() } satisfies WireEvent]),
    archivePullsUsed: (id) => callPrimary('usage.archivePullsUsed', [id]),
    reportsUsed: (id) => callPrimary('usage.reportsUsed', [id]),
    backlog: 0,
    start() { /* the primary flushes */ },
    flush: () => callPrimary('usage.flush', []),
    // Answered after every note sent before it (one ordered channel): the worker's last counts are in
    // the primary when its stop goes on; the primary writes them when the last worker has stopped.
    close: () => callPrimary('usage.received', []),
  };
}

/** In the primary: what the workers' `clusterUsage` call. */
export function usageHandlers(recorder: UsageRecorder) {
  return {
    'usage.record': (e: WireEvent) => recorder.record({ ...e, at: new Date(e.at) }),
    'usage.archivePullsUsed': (id: string) => recorder.archivePullsUsed(id),
    'usage.reportsUsed': (id: string) => recorder.reportsUsed(id),
    'usage.flush': () => recorder.flush(),
    'usage.received': () => undefined,
  };
}
