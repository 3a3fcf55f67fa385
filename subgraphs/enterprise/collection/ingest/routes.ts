/**
 * The enterprise subgraph's bulk endpoints, reached only through the gateway (lib/ingest-signature.ts):
 *
 *   POST /ingest/<item>                    the file, streamed: spooled to DATA_DIR/ingest, then
 *                                          202 { jobId } at once, handed to the job runner
 *                                          (./runner.ts: here, or a process of its own)
 *   GET  /ingest/jobs/<id>/rejected.csv    the job's rejected rows, in the file's encoding
 *
 * Every request carries the gateway's caller header signed over the upload's metadata; anything
 * else is 401, as for GraphQL.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import iconv from 'iconv-lite';
import { verifyCaller } from '../../../../lib/caller.ts';
import type { Catalogue } from '../../../../lib/catalogue/index.ts';
import { badUserInput, CreditGraphError, HTTP_STATUS } from '../../../../lib/errors.ts';
import {
  CALLER_HEADER, INGEST_JOB_HEADER, rejectedMetaText, uploadKind, verifyIngest, type IngestEncoding, type IngestMeta,
} from '../../../../lib/ingest-signature.ts';
import type { Logger } from '../../../../lib/logger.ts';
import type { Db } from '../../db/client.ts';
import { createReceipt, findReceipt } from '../../db/collection.ts';
import { collectableItem, isForwarded, mayReadJob, senderFor } from '../api.ts';
import type { CollectionPeer } from '../../../../lib/collection/forward.ts';
import { sniffEncoding } from './parse.ts';
import { rejectedCsv } from './rejected-csv.ts';
import type { IngestRunner } from './runner.ts';
import { uploadFile, writeDescription } from './spool.ts';

/** The largest upload spooled (a month of a large department's records is a few hundred MB). */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface IngestDeps {
  db: Db;
  catalogue: Catalogue;
  callerSecret: string;
  /** Where uploads are spooled while they are read. */
  spoolDir: string;
  now: () => Date;
  logger: Logger;
  /**
   * Where the rows of an item another subgraph owns go, a batch a call (natural persons to the person
   * subgraph, social organisations to the social-org one: forwardingPeer picks by the item); without
   * it such items are refused.
   */
  forward?: CollectionPeer;
  /** The runner in this process, told of each job at once; null: a runner process finds it in the spool. */
  runner: Pick<IngestRunner, 'wake'> | null;
}

function fail(reply: FastifyReply, err: unknown) {
  if (err instanceof CreditGraphError) {
    const status = err.code === 'FORBIDDEN' ? 403 : err.code === 'NOT_FOUND' ? 404 : HTTP_STATUS[err.code] ?? 400;
    return reply.code(status).send({ errors: [{ message: err.message, extensions: err.extensions }] });
  }
  throw err;
}

const refuse = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).send({ errors: [{ message, extensions: { code } }] });

/** Counts bytes through, failing past `max`. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > max ? new CreditGraphError('BAD_REQUEST', `The upload is over ${max} bytes.`) : null, chunk);
    },
  });
}

export function registerIngestRoutes(app: FastifyInstance, deps: IngestDeps): void {
  app.register(async (scope) => {
    // The body is the file: handed over as a stream, never parsed or buffered by Fastify.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));

    scope.post<{ Params: { item: string }; Querystring: Record<string, string> }>('/ingest/:item', async (request, reply) => {
      const query = new URLSearchParams(request.query);
      const { format, encoding } = uploadKind(request.headers['content-type'], query);
      if (format === null) return refuse(reply, 415, 'BAD_REQUEST', 'Send text/csv or application/x-ndjson (or ?format=csv|ndjson).');
      if (encoding === 'UNKNOWN') return refuse(reply, 415, 'BAD_REQUEST', 'The encoding must be UTF-8 or GB18030 (GBK).');
      const jobId = String(request.headers[INGEST_JOB_HEADER] ?? '');
      const meta: IngestMeta = { jobId, item: request.params.item, department: query.get('department'), format, encoding };
      const verified = verifyIngest(String(request.headers[CALLER_HEADER] ?? ''), meta, deps.callerSecret, deps.now().getTime());
      if (!verified.ok || !UUID.test(jobId)) {
        request.log.warn({ reason: verified.ok ? 'job id' : verified.reason }, 'refused unsigned or forged ingest call');
        return refuse(reply, 401, 'UNAUTHENTICATED', `Unauthenticated subgraph call: ${verified.ok ? 'bad job id' : verified.reason}`);
      }
      let item, sender;
      try {
        item = collectableItem(deps.catalogue, meta.item);
        if (isForwarded(item) && !deps.forward) throw badUserInput('ITEM_NOT_SUPPORTED', `Item ${item.code}'s records are not collected here.`);
        sender = senderFor(verified.caller.principal, deps.catalogue, item, meta.department);
      } catch (err) {
        return fail(reply, err);
      }
      const receivedAt = deps.now();
      try {
        await createReceipt(deps.db, {
          id: jobId, departmentCode: sender.departmentCode, itemCode: item.code, channel: 'BULK', status: 'RUNNING',
          actorKind: sender.actorKind, actorId: sender.actorId, format, encoding, receivedAt,
        });
      } catch (err) {
        // The job id is the replay guard: a signed header used twice names an existing job.
        if ((err as { code?: string }).code === 'P2002') return refuse(reply, 409, 'BAD_REQUEST', 'This upload was already received.');
        throw err;
      }
      await mkdir(deps.spoolDir, { recursive: true });
      const file = uploadFile(deps.spoolDir, jobId);
      try {
        await pipeline(request.raw, byteLimit(MAX_UPLOAD_BYTES), createWriteStream(file));
      } catch (err) {
        await rm(file, { force: true });
        await deps.db.prisma.collectionReceipt.update({ where: { id: jobId }, data: { status: 'FAILED', finishedAt: deps.now(), error: 'the upload did not arrive whole' } });
        if (err instanceof CreditGraphError) return refuse(reply, 413, 'BAD_REQUEST', err.message);
        throw err;
      }
      let used: IngestEncoding = encoding ?? 'UTF-8';
      if (encoding === null) {
        const handle = await open(file);
        const head = Buffer.alloc(65_536);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        await handle.close();
        used = sniffEncoding(head.subarray(0, bytesRead));
        await deps.db.prisma.collectionReceipt.update({ where: { id: jobId }, data: { encoding: used } });
      }
      // The hand-over: from here the job survives a restart of this process or of the runner.
      // A forwarded item's rows are sent as the uploader (each call signed anew by the runner).
      await writeDescription(deps.spoolDir, {
        jobId, item: item.code, sender, format, encoding: used, caller: isForwarded(item) ? verified.caller : null, attempts: 0,
      });
      deps.runner?.wake();
      return reply.code(202).send({ jobId, status: 'RUNNING', item: item.code, department: sender.departmentCode, format, encoding: used });
    });
  });

  app.get<{ Params: { id: string } }>('/ingest/jobs/:id/rejected.csv', async (request, reply) => {
    const verified = verifyCaller(String(request.headers[CALLER_HEADER] ?? ''), rejectedMetaText(request.params.id), deps.callerSecret, deps.now().getTime());
    if (!verified.ok) return refuse(reply, 401, 'UNAUTHENTICATED', `Unauthenticated subgraph call: ${verified.reason}`);
    const job = await findReceipt(deps.db, request.params.id);
    if (!job || job.channel !== 'BULK' || !mayReadJob(verified.caller, job.departmentCode)) {
      return refuse(reply, 404, 'NOT_FOUND', `No ingest job ${request.params.id} of yours.`);
    }
    const item = deps.catalogue.item(job.itemCode);
    if (!item) return refuse(reply, 404, 'NOT_FOUND', `The catalogue no longer has item ${job.itemCode}.`);
    const gb = job.encoding === 'GB18030';
    async function* encoded() {
      if (!gb) yield Buffer.from('\uFEFF', 'utf8'); // spreadsheet tools read UTF-8 CSV by its BOM
      for await (const text of rejectedCsv(deps.db, job!.id, item!)) yield gb ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    }
    reply.header('content-type', `text/csv; charset=${gb ? 'GB18030' : 'utf-8'}`)
      .header('content-disposition', `attachment; filename="${job.id}-rejected.csv"`);
    return reply.send(Readable.from(encoded()));
  });
}
