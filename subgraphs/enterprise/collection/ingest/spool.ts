/**
 * The spool (DATA_DIR/ingest): a bulk job's durable input, shared by the subgraph that receives the
 * upload and the runner that reads it (./runner.ts, in the subgraph's process or one of its own):
 *
 *   <jobId>.upload     the file as it came
 *   <jobId>.job.json   what the runner needs to read it (item, sender, format, encoding, the caller a
 *                      forwarded item's rows are signed as), written (atomically, by rename) only
 *                      once the upload is whole: its presence is what hands the job over
 *
 * Both are removed when the job ends. A RUNNING bulk receipt with no description is an upload that
 * never arrived whole (the subgraph stopped while receiving it): failUnfinishedUploads.
 */
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Caller } from '../../../../lib/caller.ts';
import type { Sender } from '../../../../lib/collection/submission.ts';
import type { IngestEncoding, IngestFormat } from '../../../../lib/ingest-signature.ts';
import type { Db } from '../../db/client.ts';

export interface SpooledJob {
  jobId: string;
  item: string;
  sender: Sender;
  format: IngestFormat;
  encoding: IngestEncoding;
  /** For an item whose rows another subgraph writes: who they are sent as (signed per call). */
  caller: Caller | null;
  /** Runs started on it: a job whose runner died this many times is failed, not tried forever (./runner.ts). */
  attempts: number;
}

/** Error codes a job ends with when its runner could not finish it (the receipt's `error` starts with one). */
export const UPLOAD_INTERRUPTED = 'UPLOAD_INTERRUPTED';
export const RUNNER_STOPPED = 'RUNNER_STOPPED';
export const SPOOL_LOST = 'SPOOL_LOST';
/** The worker thread reading the file died (./pipeline.ts): a crash, or a row past its heap. */
export const WORKER_FAILED = 'WORKER_FAILED';

const DESCRIPTION = '.job.json';
export const uploadFile = (dir: string, jobId: string) => join(dir, `${jobId}.upload`);
export const descriptionFile = (dir: string, jobId: string) => join(dir, `${jobId}${DESCRIPTION}`);

/** Writes (or rewrites) a job's description so that a reader sees the old one or the new one whole. */
export async function writeDescription(dir: string, job: SpooledJob): Promise<void> {
  const file = descriptionFile(dir, job.jobId);
  await writeFile(`${file}.tmp`, JSON.stringify(job));
  await rename(`${file}.tmp`, file);
}

export async function readDescription(dir: string, jobId: string): Promise<SpooledJob> {
  return JSON.parse(await readFile(descriptionFile(dir, jobId), 'utf8')) as SpooledJob;
}

/** The ids of the jobs handed over, oldest hand-over first. */
export async function spooledJobIds(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const jobs = await Promise.all(names.filter((n) => n.endsWith(DESCRIPTION)).map(async (n) => ({
    id: n.slice(0, -DESCRIPTION.length),
    // Gone meanwhile (the job ended): last, and the runner finds no receipt RUNNING.
    at: await stat(join(dir, n)).then((s) => s.birthtimeMs || s.mtimeMs, () => Infinity),
  })));
  return jobs.sort((a, b) => a.at - b.at).map((j) => j.id);
}

/**
 * At the subgraph's start, before it takes uploads: a RUNNING bulk job with no description was
 * being received when the process stopped; it is FAILED with UPLOAD_INTERRUPTED (send it again).
 */
export async function failUnfinishedUploads(db: Db, dir: string, now: Date): Promise<number> {
  const handed = new Set(await spooledJobIds(dir));
  const running = await db.prisma.collectionReceipt.findMany({ where: { channel: 'BULK', status: 'RUNNING' }, select: { id: true } });
  const lost = running.map((r) => r.id).filter((id) => !handed.has(id));
  if (lost.length === 0) return 0;
  const { count } = await db.prisma.collectionReceipt.updateMany({
    where: { id: { in: lost }, status: 'RUNNING' },
    data: { status: 'FAILED', finishedAt: now, error: `${UPLOAD_INTERRUPTED}: the upload did not arrive whole (the service stopped while receiving it); send the file again` },
  });
  return count;
}
