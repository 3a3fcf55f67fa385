/**
 * The worker thread of a bulk job (./pipeline.ts starts it): reads the spooled file, decodes and
 * parses it (./parse.ts) and prepares every row (../prepare.ts), posting them in chunks of `size`.
 * It never has more than `window` chunks unacknowledged: past that it stops reading until the job
 * has taken one (back-pressure, so memory stays flat whatever the file's size). Each acknowledgement
 * carries the CST day the job's clock says, which the date checks use.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareRecord, type PreparedRecord } from '../prepare.ts';
import { IngestFileError, rowBatches } from './parse.ts';
import type { FromWorker, ToWorker, WorkerInput } from './pipeline.ts';

const input = workerData as WorkerInput;
const port = parentPort!;
let today = input.today;
let credits = input.window;
let credited: (() => void) | null = null;

port.on('message', (m: ToWorker) => {
  today = m.today;
  credits++;
  credited?.();
});

const post = (m: FromWorker) => port.postMessage(m);

async function send(records: PreparedRecord[]): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => { credited = resolve; });
  credited = null;
  credits--;
  post({ type: 'chunk', records });
}

async function main(): Promise<void> {
  for await (const rows of rowBatches(input.file, input.format, input.encoding, input.skip, input.size)) {
    await send(rows.map((row) => prepareRecord(input.item, input.departmentName, today, row.line, row.value, row.malformed)));
  }
  post({ type: 'end' });
}

main().catch((err: unknown) => {
  // A file problem is the sender's to fix and said as it is; anything else reaches the job as a worker failure.
  post({ type: 'failed', fileError: err instanceof IngestFileError, message: err instanceof Error ? err.message : String(err) });
});
