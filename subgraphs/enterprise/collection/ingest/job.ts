/**
 * A bulk load: the uploaded file, spooled to disk, read row by row and submitted in batches of
 * BATCH_SIZE through the same path as submitRecords (collection/submit.ts), each batch one
 * transaction that also advances the job's counts — so `ingestJob` shows progress as it goes and
 * the counts always match what is in the archive. In the runner process the rows of a large file
 * are read and prepared (checked, hashed) in a worker thread a few batches ahead of the writer
 * (./pipeline.ts, `workerFrom`); an item another subgraph writes goes there raw, a batch a call
 * (../forwarded.ts). Memory stays flat: a few batches of rows at a time.
 *
 * Resumable: the receipt's `submitted` counts the rows whose batch committed, in file order, so a
 * job stopped anywhere (a shutdown, a kill -9 of its runner) goes on from the row after them
 * (`skip`); the spooled file stays until the job is DONE or FAILED (./runner.ts).
 */
import { rm, stat } from 'node:fs/promises';
import type { ResourceLimits } from 'node:worker_threads';
import { setImmediate as turn } from 'node:timers/promises';
import type { CatalogueItem } from '../../../../lib/catalogue/index.ts';
import type { DatabaseProvider } from '../../../../lib/config.ts';
import type { IngestEncoding, IngestFormat } from '../../../../lib/ingest-signature.ts';
import type { Logger } from '../../../../lib/logger.ts';
import { todayCST } from '../../../../lib/time.ts';
import type { Db } from '../../db/client.ts';
import { finishReceipt } from '../../db/collection.ts';
import type { PreparedRecord } from '../prepare.ts';
import { submitBatch, writeBatch, type Batch, type BatchOf, type Sender } from '../submit.ts';
import { IngestFileError, rowBatches, type Row } from './parse.ts';
import { PrepareWorkerError, preparedChunks } from './pipeline.ts';
import { WORKER_FAILED } from './spool.ts';

/** The job was stopped (a shutdown) between two batches: it stays RUNNING and is resumed where it stopped. */
export class IngestStopped extends Error {}

/**
 * Rows per transaction in the serving process (INGEST_RUNNER=in-process): large enough to amortise
 * a commit, small enough to keep memory flat and the subgraph's event loop free again soon (a
 * batch's writes and commit run synchronously on it).
 */
export const BATCH_SIZE = 1000;
/**
 * Rows per transaction in the runner process (../ingest-main.ts), which serves nothing: fewer
 * commits (each a WAL fsync and the batch's few Prisma statements; 2,500 rather than 1,000 took the
 * writer's time per 100,000 rows from 17.1 to 12.6 s, bench/ingest.ts), SQLite's write lock held
 * ~0.1 s at a time (the subgraph's own writes wait for it; its reads do not, WAL). A kill -9 loses
 * no row: the job resumes after its last committed batch and reads at most one batch again.
 */
export const RUNNER_BATCH_SIZE = 2500;
/**
 * WAL pages the runner process's connection lets pile up before it checkpoints them into the
 * database file (SQLite's default: 1,000, i.e. 4 MB). A first load rewrites the same index pages
 * batch after batch; at 1,000 each checkpoint copied them again. 1,000,000 rows (bench/ingest.ts,
 * idle, one run after the other): ~19,500 rows/s at 1,000 (four runs), 20,490 and 20,632 at 10,000,
 * 23,801 and 23,247 at 40,000. The WAL file grows to ~160 MB during a load (disk, not memory), and
 * readers search a longer WAL index: cross-subgraph p99 while a load runs (bench/ingest-serving.ts)
 * was 18.5–20.1 ms at 40,000 against 18.3–18.6 at 1,000 (idle 10.7–13.6 either way). A commit of the
 * serving process during a load (rare in the enterprise subgraph: objections, repairs) checkpoints
 * what the runner left. Only the runner process sets it (ingest-main.ts); in-process ingestion keeps
 * SQLite's default.
 */
export const RUNNER_WAL_AUTOCHECKPOINT_PAGES = 40_000;

/** The runner's checkpoint interval on its SQLite connection (the bench passes others to compare). */
export async function useRunnerCheckpoints(db: Db, pages = RUNNER_WAL_AUTOCHECKPOINT_PAGES): Promise<void> {
  await db.prisma.$executeRawUnsafe(`PRAGMA wal_autocheckpoint = ${Math.trunc(pages)}`);
}
/**
 * In the runner process a file this large or larger is prepared in a worker thread (./pipeline.ts);
 * a smaller one on the job's thread, batch by batch, as submitRecords does: starting the worker
 * (tsx loading its modules) costs ~0.8 s of CPU, more than preparing a few thousand rows.
 */
export const WORKER_FROM_BYTES = 1 << 20;

export interface IngestRun {
  db: Db;
  provider: DatabaseProvider;
  item: CatalogueItem;
  sender: Sender;
  jobId: string;
  /** The spooled upload; removed when the job ends. */
  file: string;
  format: IngestFormat;
  encoding: IngestEncoding;
  now: () => Date;
  log: Logger;
  /** Stops after the current batch (shutdown): the job stays RUNNING, its file kept, to be resumed. */
  signal?: AbortSignal;
  /** Rows already in (a resumed job: the receipt's `submitted`): read past, not submitted again. */
  skip?: number;
  /** Removed with the spooled file when the job ends (the runner's description of the job: ./spool.ts). */
  alsoRemove?: string;
  batchSize?: number;
  /**
   * An item another subgraph owns: its rows are sent there raw, a batch a call (../forwarded.ts);
   * without it they are prepared (in a worker thread for a file of `workerFrom` bytes or more) and written here.
   */
  submit?: (db: Db, b: Batch) => Promise<unknown>;
  /** The preparing worker's limits (./pipeline.ts HEAP_MB by default). */
  workerLimits?: ResourceLimits;
  /**
   * Files from this size (bytes) are prepared in a worker thread. Default: never — in the serving
   * process the second core is the subgraph's and the gateway's (the runner process passes WORKER_FROM_BYTES).
   */
  workerFrom?: number;
}

/**
 * Reads the whole file into the archive; the job ends DONE, or FAILED with the reason; stopped by
 * `signal`, it resolves 'STOPPED' and leaves the job RUNNING for the next runner.
 */
export async function runIngest(r: IngestRun): Promise<'ENDED' | 'STOPPED'> {
  const size = r.batchSize ?? BATCH_SIZE;
  const skip = r.skip ?? 0;
  // A resumed job's delivery was counted by its first batch.
  let first = skip === 0;
  let rows = skip;
  let submit: IngestRun['submit'] | null = null;
  const flush = async (batch: Row[] | PreparedRecord[]) => {
    const now = r.now();
    const b: BatchOf = { item: r.item, sender: r.sender, receiptId: r.jobId, openReceipt: null, now, today: todayCST(now), delivery: first, provider: r.provider };
    if (submit) await submit(r.db, { ...b, records: (batch as Row[]).map((row) => ({ position: row.line, value: row.value, malformed: row.malformed })) });
    else await writeBatch(r.db, b, batch as PreparedRecord[]);
    rows += batch.length;
    first = false;
  };
  try {
    const inWorker = !r.submit && r.workerFrom !== undefined && (await stat(r.file)).size >= r.workerFrom;
    submit = inWorker ? null : r.submit ?? submitBatch;
    const batches: AsyncIterable<Row[] | PreparedRecord[]> = !inWorker ? rowBatches(r.file, r.format, r.encoding, skip, size) : preparedChunks({
      file: r.file, format: r.format, encoding: r.encoding, skip, size, item: r.item, departmentName: r.sender.departmentName,
      today: () => todayCST(r.now()), resourceLimits: r.workerLimits,
    });
    for await (const batch of batches) {
      await flush(batch);
      // A batch runs synchronously for most of its time (inserts and the commit on the driver):
      // the requests that queued meanwhile are served before the next one starts.
      await turn();
      if (r.signal?.aborted) throw new IngestStopped(`stopped after ${rows} rows`);
    }
    // A file without rows is still a delivery (nothing new this cycle).
    if (first) await flush([]);
    await finishReceipt(r.db, r.jobId, { status: 'DONE', finishedAt: r.now() });
    r.log.info({ jobId: r.jobId, item: r.item.code, department: r.sender.departmentCode, rows }, 'ingest job done');
  } catch (err) {
    if (err instanceof IngestStopped) {
      r.log.info({ jobId: r.jobId, rows }, 'ingest job stopped; it resumes at the next start');
      return 'STOPPED';
    }
    r.log.warn({ err, jobId: r.jobId, rows }, 'ingest job failed');
    // Only what the sender can act on is said: a file problem; anything else is in the log.
    const message = err instanceof IngestFileError ? err.message
      : err instanceof PrepareWorkerError ? `${WORKER_FAILED}: ${err.message}; the first ${rows} rows are in`
      : 'an internal error stopped the job; the rows before it are in';
    await finishReceipt(r.db, r.jobId, { status: 'FAILED', finishedAt: r.now(), error: message.slice(0, 500) })
      .catch((e: unknown) => r.log.error({ err: e, jobId: r.jobId }, 'could not mark the ingest job FAILED'));
  }
  await Promise.all([r.file, r.alsoRemove].map((f) => f && rm(f, { force: true })));
  return 'ENDED';
}
