/**
 * The bulk job runner as a process of its own (issue 13): `node --import tsx
 * subgraphs/enterprise/collection/ingest-main.ts`, with the enterprise subgraph's environment, beside
 * an enterprise subgraph started with `INGEST_RUNNER=external` (`npm start` runs both, this one at
 * niceness 19). Why: in the subgraph's process a load's parsing, checks and inserts take their CPU
 * from the event loop that serves the subgraph's reads (p99 6.1x idle during a load, measured); as a
 * process of its own at a lower priority the kernel gives serving the CPU first and the load what is
 * left, and WAL lets the subgraph read while the runner writes (each batch one short transaction; the
 * subgraph's own writes wait for it through SQLite's busy timeout).
 *
 * It reads the same spool (DATA_DIR/ingest) the subgraph writes the uploads to: jobs are resumed from
 * their last committed batch at start (kill -9 safe, ingest/runner.ts). One runner per database.
 *
 * It runs the grade tracker too (../grades.ts, RATING_TRACKER_MS), which the subgraph then leaves to
 * it: a load's change events set the tracker rating every subject they touch, and in the serving
 * process that work, and its writes waiting (synchronously, in better-sqlite3) for this process's
 * write lock, cost serving more than the load itself (bench/ingest-serving.ts, README).
 */
import { loadCatalogue } from '../../../lib/catalogue/index.ts';
import { collectionPeer } from '../../../lib/collection/forward.ts';
import { createLogger } from '../../../lib/logger.ts';
import { runProcessWhenMain } from '../../../lib/main-module.ts';
import { loadEnterpriseConfig } from '../config.ts';
import { openEnterpriseDb } from '../db/client.ts';
import { scheduleGradeTracker } from '../grades.ts';
import { forwardingPeer } from './api.ts';
import { RUNNER_BATCH_SIZE, useRunnerCheckpoints, WORKER_FROM_BYTES } from './ingest/job.ts';
import { startIngestRunner } from './ingest/runner.ts';

export async function startIngestProcess(env: Record<string, string | undefined>): Promise<{ stop(): Promise<void> }> {
  const config = loadEnterpriseConfig(env);
  const logger = createLogger({ name: 'enterprise-ingest', level: config.logLevel });
  const db = await openEnterpriseDb(config.provider, config.databaseUrl);
  if (config.provider === 'sqlite') await useRunnerCheckpoints(db);
  const catalogue = loadCatalogue(config.catalogueFile);
  // Forwarded items' rows go to their owners as from the subgraph itself (main.ts), signed per call.
  const forward = forwardingPeer(catalogue, {
    person: collectionPeer('person', new URL(config.peerUrls.person).origin, config.callerSecret),
    socialOrg: collectionPeer('social-org', new URL(config.peerUrls.socialOrg).origin, config.callerSecret),
  });
  // Serving nothing, it takes the bigger batches and the worker thread (the pipeline: ingest/job.ts).
  const runner = startIngestRunner({
    db, provider: config.provider, catalogue, spoolDir: config.ingestSpoolDir, now: () => new Date(), logger, forward,
    batchSize: RUNNER_BATCH_SIZE, workerFrom: WORKER_FROM_BYTES,
  });
  const clock = () => new Date();
  const stopTracker = config.gradeTrackerMs === null ? null
    : scheduleGradeTracker(db, { intervalMs: config.gradeTrackerMs, provider: config.provider, catalogue }, clock, logger);
  logger.info({ spool: config.ingestSpoolDir, gradeTracker: config.gradeTrackerMs !== null }, 'ingest runner started');
  return {
    async stop() {
      await stopTracker?.();
      await runner.stop();
      await db.close();
    },
  };
}

runProcessWhenMain(import.meta.url, startIngestProcess);
