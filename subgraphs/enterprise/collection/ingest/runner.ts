/**
 * The bulk job runner: reads the jobs handed over in the spool (./spool.ts) one after the other
 * (SQLite has one writer; two jobs at once would only take turns at its lock), each through
 * runIngest (./job.ts). It runs in the enterprise subgraph's process (INGEST_RUNNER=in-process, the
 * default) or in a process of its own (../ingest-main.ts, INGEST_RUNNER=external), which `npm start`
 * runs at niceness 19 so that serving gets the CPU first.
 *
 * What survives a kill -9 of the runner: every committed batch (the receipt's `submitted` says how
 * many rows) and the spool; the next runner resumes the job from the row after them. A job whose
 * runner died MAX_ATTEMPTS times while reading it (a row that crashes the process, say) is FAILED
 * with RUNNER_STOPPED instead of being tried forever. One runner per database.
 */
import { access, rm } from 'node:fs/promises';
import type { Catalogue } from '../../../../lib/catalogue/index.ts';
import type { CollectionPeer } from '../../../../lib/collection/forward.ts';
import type { DatabaseProvider } from '../../../../lib/config.ts';
import type { Logger } from '../../../../lib/logger.ts';
import type { Db } from '../../db/client.ts';
import { finishReceipt, findReceipt } from '../../db/collection.ts';
import { isForwarded } from '../api.ts';
import { submitForwarded } from '../forwarded.ts';
import { runIngest } from './job.ts';
import {
  descriptionFile, readDescription, RUNNER_STOPPED, SPOOL_LOST, spooledJobIds, uploadFile, writeDescription,
} from './spool.ts';

/** Runs a job may start before it is FAILED as the one that keeps stopping its runner. */
export const MAX_ATTEMPTS = 3;
/** How often the spool is looked at for jobs handed over by another process. */
export const POLL_MS = 200;

export interface IngestRunnerDeps {
  db: Db;
  provider: DatabaseProvider;
  catalogue: Catalogue;
  spoolDir: string;
  now: () => Date;
  logger: Logger;
  /** Where a forwarded item's rows go (see ../api.ts forwardingPeer); without it such jobs fail. */
  forward?: CollectionPeer;
  pollMs?: number;
  batchSize?: number;
  /** Files from this size are prepared in a worker thread (./job.ts; the runner process's choice). */
  workerFrom?: number;
}

export interface IngestRunner {
  /** A job was handed over: look at the spool now rather than at the next poll. */
  wake(): void;
  /** Stops after the current batch; the job stays RUNNING and is resumed by the next runner. */
  stop(): Promise<void>;
}

export function startIngestRunner(d: IngestRunnerDeps): IngestRunner {
  const abort = new AbortController();
  let woken: (() => void) | null = null;
  let again = false;
  const log = d.logger.child({ part: 'ingest-runner' });

  const fail = async (jobId: string, error: string) => {
    await finishReceipt(d.db, jobId, { status: 'FAILED', finishedAt: d.now(), error: error.slice(0, 500) });
    await Promise.all([uploadFile(d.spoolDir, jobId), descriptionFile(d.spoolDir, jobId)].map((f) => rm(f, { force: true })));
  };

  async function runOne(jobId: string): Promise<void> {
    const receipt = await findReceipt(d.db, jobId);
    if (!receipt || receipt.status !== 'RUNNING') {
      // Ended, but the process stopped before its files were removed.
      await Promise.all([uploadFile(d.spoolDir, jobId), descriptionFile(d.spoolDir, jobId)].map((f) => rm(f, { force: true })));
      return;
    }
    const job = await readDescription(d.spoolDir, jobId).catch(() => null);
    if (!job) return fail(jobId, `${SPOOL_LOST}: the job's description is unreadable; the first ${receipt.submitted} rows are in`);
    if (job.attempts >= MAX_ATTEMPTS) {
      log.error({ jobId, attempts: job.attempts, rows: receipt.submitted }, 'ingest job failed: its runner stopped every time');
      return fail(jobId, `${RUNNER_STOPPED}: the job's runner stopped ${job.attempts} times while reading it; the first ${receipt.submitted} rows are in`);
    }
    if (!(await access(uploadFile(d.spoolDir, jobId)).then(() => true, () => false))) {
      return fail(jobId, `${SPOOL_LOST}: the uploaded file is no longer on the server; the first ${receipt.submitted} rows are in`);
    }
    const item = d.catalogue.item(job.item);
    if (!item || (isForwarded(item) && (!d.forward || !job.caller))) {
      return fail(jobId, `the item ${job.item} is not collected here any more; the first ${receipt.submitted} rows are in`);
    }
    // Counted before the run: a kill -9 during it leaves the count raised.
    await writeDescription(d.spoolDir, { ...job, attempts: job.attempts + 1 });
    if (receipt.submitted > 0) log.info({ jobId, rows: receipt.submitted, attempt: job.attempts + 1 }, 'resuming ingest job');
    const caller = job.caller;
    const ended = await runIngest({
      db: d.db, provider: d.provider, item, sender: job.sender, jobId, file: uploadFile(d.spoolDir, jobId), format: job.format,
      encoding: job.encoding, now: d.now, log: log.child({ jobId }), signal: abort.signal, skip: receipt.submitted,
      alsoRemove: descriptionFile(d.spoolDir, jobId), batchSize: d.batchSize, workerFrom: d.workerFrom,
      // The rows of an item another subgraph owns go there a batch a call, signed as the uploader.
      submit: isForwarded(item) ? (db, b) => submitForwarded(db, d.forward!, caller!, b) : undefined,
    });
    // A shutdown is not a death: the attempt is given back.
    if (ended === 'STOPPED') await writeDescription(d.spoolDir, job);
  }

  async function loop(): Promise<void> {
    while (!abort.signal.aborted) {
      again = false;
      try {
        for (const jobId of await spooledJobIds(d.spoolDir)) {
          if (abort.signal.aborted) break;
          await runOne(jobId).catch((err: unknown) => log.error({ err, jobId }, 'ingest job could not be run; tried again at the next look'));
        }
      } catch (err) {
        log.error({ err }, 'could not read the ingest spool');
      }
      if (again || abort.signal.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, d.pollMs ?? POLL_MS);
        woken = () => { clearTimeout(timer); resolve(); };
      });
      woken = null;
    }
  }

  const running = loop();
  return {
    wake() {
      again = true;
      woken?.();
    },
    async stop() {
      abort.abort();
      woken?.();
      await running;
    },
  };
}
