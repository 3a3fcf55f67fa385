/**
 * A bulk job's two stages on the machine's two cores: a worker thread (./prepare-worker.ts) reads,
 * decodes, parses and prepares the rows (../prepare.ts: the checks, hash and archive columns, which
 * need no database), while the job's thread plans each chunk against what is stored and writes it
 * (../submit.ts writeBatch). Measured before (bench/ingest.ts): those database-free steps were about
 * a third of a load's CPU, and their garbage a good part of the rest.
 *
 * Bounded: the worker runs at most WINDOW chunks ahead of the writer and then stops reading, so at
 * most WINDOW + 2 chunks exist at once (one being written, WINDOW posted, one being prepared), and
 * its heap is capped (HEAP_MB). A worker that dies (a crash, its heap exceeded) ends the chunks with
 * a PrepareWorkerError rather than leaving the job waiting for a chunk that never comes.
 */
import type { ResourceLimits } from 'node:worker_threads';
import type { CatalogueItem } from '../../../../lib/catalogue/index.ts';
import type { IngestEncoding, IngestFormat } from '../../../../lib/ingest-signature.ts';
import { startTypeScriptWorker } from '../../../../lib/typescript-worker.ts';
import type { PreparedRecord } from '../prepare.ts';
import { IngestFileError } from './parse.ts';

/** Chunks the worker may prepare ahead of the one being written: 2 keeps the writer fed across a slow chunk. */
export const WINDOW = 2;
/** The worker's old-generation heap: a few chunks of 1,000 prepared rows need a few tens of MB; a runaway row fails the job, not the process. */
export const HEAP_MB = 256;

export interface WorkerInput {
  file: string;
  format: IngestFormat;
  encoding: IngestEncoding;
  /** Rows read past (a resumed job's committed rows). */
  skip: number;
  /** Rows per chunk. */
  size: number;
  window: number;
  item: CatalogueItem;
  departmentName: string;
  today: string;
}
export type ToWorker = { type: 'ack'; today: string };
export type FromWorker =
  | { type: 'chunk'; records: PreparedRecord[] }
  | { type: 'end' }
  | { type: 'failed'; fileError: boolean; message: string };

/** The worker preparing a job's rows stopped without finishing: the job fails with this. */
export class PrepareWorkerError extends Error {
  override name = 'PrepareWorkerError';
}

export interface PipelineOptions extends Omit<WorkerInput, 'window' | 'today'> {
  /** The CST day of the job's clock: read at the start and at every chunk taken. */
  today: () => string;
  resourceLimits?: ResourceLimits;
}

/**
 * The file's rows prepared, `size` at a time, in file order. The worker reads on while the caller
 * works on a chunk; leaving the loop (the job stopped, or failed) ends the worker.
 */
export async function* preparedChunks(o: PipelineOptions): AsyncGenerator<PreparedRecord[]> {
  const { today, resourceLimits, ...rest } = o;
  const worker = startTypeScriptWorker(new URL('./prepare-worker.ts', import.meta.url), {
    workerData: { ...rest, today: today(), window: WINDOW } satisfies WorkerInput,
    resourceLimits: resourceLimits ?? { maxOldGenerationSizeMb: HEAP_MB },
  });
  const queue: FromWorker[] = [];
  let wake: (() => void) | null = null;
  const push = (m: FromWorker) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (err) => push({ type: 'failed', fileError: false, message: err.message }));
  // After 'error' comes 'exit' too; the first ending message is the one read.
  worker.on('exit', (code) => push({ type: 'failed', fileError: false, message: `it exited with code ${code}` }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
      wake = null;
      const m = queue.shift()!;
      if (m.type === 'end') return;
      if (m.type === 'failed') {
        if (m.fileError) throw new IngestFileError(m.message);
        throw new PrepareWorkerError(`the worker reading the file stopped: ${m.message}`);
      }
      yield m.records;
      // Taken and written: the worker may prepare one more.
      worker.postMessage({ type: 'ack', today: today() } satisfies ToWorker);
    }
  } finally {
    worker.removeAllListeners();
    worker.on('error', () => undefined); // ending it may still report; nobody listens any more
    await worker.terminate();
  }
}
