/**
 * A bulk load: the uploaded file, spooled to disk, read row by row and submitted in batches of
 * BATCH_SIZE through the same path as submitRecords (collection/submit.ts), each batch one
 * transaction that also advances the job's counts — so `ingestJob` shows progress as it goes and
 * the counts always match what is in the archive. Memory stays flat: one chunk of the file and one
 * batch of rows at a time.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setImmediate as turn } from 'node:timers/promises';
import type { CatalogueItem } from '../../../../lib/catalogue/index.ts';
import type { DatabaseProvider } from '../../../../lib/config.ts';
import type { IngestEncoding, IngestFormat } from '../../../../lib/ingest-signature.ts';
import type { Logger } from '../../../../lib/logger.ts';
import { todayCST } from '../../../../lib/time.ts';
import type { Db } from '../../db/client.ts';
import { finishReceipt } from '../../db/collection.ts';
import { submitBatch, type Sender } from '../submit.ts';
import { IngestFileError, rowsOf, type Row } from './parse.ts';

class IngestStopped extends Error {}

/** Rows per transaction: large enough to amortise a commit, small enough to keep memory flat. */
export const BATCH_SIZE = 1000;

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
  /** Stops after the current batch (shutdown): the job ends FAILED, saying how far it got. */
  signal?: AbortSignal;
  batchSize?: number;
  /** How a batch is submitted: submitBatch, or forwarded to the subgraph that owns the item's subjects (../forwarded.ts). */
  submit?: typeof submitBatch;
}

/** Reads the whole file into the archive; the job ends DONE, or FAILED with the reason. */
export async function runIngest(r: IngestRun): Promise<void> {
  const size = r.batchSize ?? BATCH_SIZE;
  let batch: Row[] = [];
  let first = true;
  let rows = 0;
  const flush = async () => {
    const now = r.now();
    await (r.submit ?? submitBatch)(r.db, {
      item: r.item, sender: r.sender, receiptId: r.jobId, openReceipt: null, now, today: todayCST(now), delivery: first, provider: r.provider,
      records: batch.map((row) => ({ position: row.line, value: row.value, malformed: row.malformed })),
    });
    rows += batch.length;
    first = false;
    batch = [];
  };
  try {
    for await (const row of rowsOf(createReadStream(r.file), r.format, r.encoding)) {
      batch.push(row);
      if (batch.length >= size) {
        await flush();
        // A batch runs synchronously for most of its time (checks, inserts and the commit on the
        // driver): the requests that queued meanwhile are served before the next one starts.
        await turn();
        if (r.signal?.aborted) throw new IngestStopped(`stopped by a shutdown after ${rows} rows; send the file again (rows already in come back UNCHANGED)`);
      }
    }
    // A file without rows is still a delivery (nothing new this cycle).
    if (batch.length || first) await flush();
    await finishReceipt(r.db, r.jobId, { status: 'DONE', finishedAt: r.now() });
    r.log.info({ jobId: r.jobId, item: r.item.code, department: r.sender.departmentCode, rows }, 'ingest job done');
  } catch (err) {
    r.log.warn({ err, jobId: r.jobId, rows }, 'ingest job failed');
    // Only what the sender can act on is said: a file problem, or a stop; anything else is in the log.
    const message = err instanceof IngestFileError || err instanceof IngestStopped ? err.message : 'an internal error stopped the job; the rows before it are in';
    await finishReceipt(r.db, r.jobId, { status: 'FAILED', finishedAt: r.now(), error: message.slice(0, 500) })
      .catch((e: unknown) => r.log.error({ err: e, jobId: r.jobId }, 'could not mark the ingest job FAILED'));
  } finally {
    await rm(r.file, { force: true });
  }
}
