/**
 * How the gateway hands a bulk file (`POST /ingest/<item>`) to the enterprise subgraph. GraphQL
 * calls sign the caller together with the sha256 of the exact body (lib/caller.ts); a file of
 * millions of rows is streamed, so its body cannot be hashed before it is sent. Instead the caller
 * header signs the upload's metadata — item, department, format, encoding and a job id the gateway
 * draws afresh — as the "body" of the same HMAC scheme, and the body streams unsigned beside it.
 * The job id becomes the job's primary key, so a captured header cannot be replayed with another
 * body: the second upload under the same id is refused. (Within the platform's network the gateway
 * and subgraphs talk over loopback or a private link; the signature is what makes a subgraph port
 * reached directly useless, as for GraphQL.)
 */
import { CALLER_HEADER, signCaller, verifyCaller, type Caller, type VerifyResult } from './caller.ts';

export { CALLER_HEADER };
/** The job id the gateway drew for the upload (signed). */
export const INGEST_JOB_HEADER = 'x-creditgraph-ingest-job';

export const INGEST_FORMATS = ['CSV', 'NDJSON'] as const;
export type IngestFormat = (typeof INGEST_FORMATS)[number];
export const INGEST_ENCODINGS = ['UTF-8', 'GB18030'] as const;
export type IngestEncoding = (typeof INGEST_ENCODINGS)[number];

export interface IngestMeta {
  jobId: string;
  item: string;
  /** The department an operator names (null: the caller's own, or the item's only provider). */
  department: string | null;
  format: IngestFormat;
  /** null: not declared (the subgraph sniffs UTF-8, else GB18030). */
  encoding: IngestEncoding | null;
}

/** The signed text: one line per field, in this order. */
export function ingestMetaText(m: IngestMeta): string {
  return ['ingest/v1', m.jobId, m.item, m.department ?? '', m.format, m.encoding ?? ''].join('\n');
}

/** The signed text of a request for a job's rejected rows (a GET: no body to bind). */
export function rejectedMetaText(jobId: string): string {
  return ['ingest-rejected/v1', jobId].join('\n');
}

export function signIngest(caller: Caller, meta: IngestMeta, secret: string, now = Date.now()): string {
  return signCaller(caller, ingestMetaText(meta), secret, now);
}

export function verifyIngest(header: string | undefined, meta: IngestMeta, secret: string, now = Date.now()): VerifyResult {
  return verifyCaller(header, ingestMetaText(meta), secret, now);
}

/**
 * The format and declared encoding of an upload, from `?format=` / `?encoding=` or the content
 * type (`text/csv; charset=GBK`, `application/x-ndjson`); null when neither says.
 */
export function uploadKind(contentType: string | undefined, query: URLSearchParams): { format: IngestFormat | null; encoding: IngestEncoding | null | 'UNKNOWN' } {
  const [type = '', ...params] = String(contentType ?? '').toLowerCase().split(';').map((s) => s.trim());
  const asked = query.get('format')?.toUpperCase();
  const format = asked === 'CSV' || asked === 'NDJSON' ? asked
    : asked !== undefined ? null
    : type === 'text/csv' ? 'CSV'
    : ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/jsonlines'].includes(type) ? 'NDJSON' : null;
  const charset = query.get('encoding') ?? params.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  return { format, encoding: charset === undefined ? null : encodingOf(charset) };
}

/** GB18030 reads GBK and GB2312 too (it is their superset). */
export function encodingOf(charset: string): IngestEncoding | 'UNKNOWN' {
  const c = charset.trim().replace(/^"|"$/g, '').toLowerCase();
  if (c === 'utf-8' || c === 'utf8') return 'UTF-8';
  if (c === 'gb18030' || c === 'gbk' || c === 'gb2312' || c === 'cp936') return 'GB18030';
  return 'UNKNOWN';
}
