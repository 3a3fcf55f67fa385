/**
 * Rows of a bulk file, streamed: bytes decoded (UTF-8 with or without BOM, or GB18030 — which
 * reads GBK and GB2312 — as spreadsheet tools in China export), then split into NDJSON lines or
 * RFC 4180 CSV records (quoted fields may hold commas, quotes and line breaks). Only one chunk and
 * one row are held at a time, whatever the file's size.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { IngestEncoding, IngestFormat } from '../../../../lib/ingest-signature.ts';

/** The file cannot be read on (an unclosed quote at its end): the job fails with this message. */
export class IngestFileError extends Error {
  override name = 'IngestFileError';
}

export interface Row {
  /** The row's first line in the file (a CSV's header is line 1). */
  line: number;
  /** The record: a JSON value (NDJSON) or the CSV's columns by header name (blank cells absent). */
  value?: unknown;
  /** Why the row could not be read as a record (bad JSON, wrong number of columns); `value` is then the raw line or cells. */
  malformed?: string;
}

/** UTF-8 unless the first bytes are not valid UTF-8 (then GB18030): for uploads that do not say. */
export function sniffEncoding(head: Buffer): IngestEncoding {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'UTF-8';
  } catch {
    return 'GB18030';
  }
}

async function* decode(input: Readable, encoding: IngestEncoding): AsyncGenerator<string> {
  if (encoding === 'UTF-8') {
    // A BOM is dropped (ignoreBOM false); invalid bytes become U+FFFD, which the field checks see.
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of input) yield decoder.decode(chunk as Buffer, { stream: true });
    yield decoder.decode();
    return;
  }
  const decoder = iconv.getDecoder('gb18030');
  for await (const chunk of input) yield decoder.write(chunk as Buffer);
  yield decoder.end() ?? '';
}

async function* lines(text: AsyncIterable<string>): AsyncGenerator<{ line: number; text: string }> {
  let rest = '';
  let line = 0;
  for await (const chunk of text) {
    rest += chunk;
    let at: number;
    while ((at = rest.indexOf('\n')) >= 0) {
      yield { line: ++line, text: rest.slice(0, at).replace(/\r$/, '') };
      rest = rest.slice(at + 1);
    }
  }
  if (rest !== '') yield { line: ++line, text: rest.replace(/\r$/, '') };
}

async function* ndjsonRows(text: AsyncIterable<string>): AsyncGenerator<Row> {
  for await (const { line, text: t } of lines(text)) {
    if (t.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(t) };
    } catch {
      yield { line, value: t, malformed: 'the line is not a JSON value' };
    }
  }
}

/** CSV records with the line each starts on: a state machine over the decoded chunks, character by character. */
export async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<{ line: number; cells: string[] }> {
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  /** Inside a quoted field, a quote was just read: the next character decides. */
  let quoteSeen = false;
  let line = 1;
  let start = 1;
  let fieldStarted = false;
  /** A CR ended the last row: an LF right after it (maybe in the next chunk) belongs to it. */
  let skipLF = false;
  for await (const chunk of text) {
    const out: Array<{ line: number; cells: string[] }> = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (skipLF) {
        skipLF = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (c === '"') { field += '"'; continue; }
          quoted = false; // the closing quote: fall through to the unquoted handling of c
        } else if (c === '"') { quoteSeen = true; continue; } else {
          if (c === '\n') line++;
          field += c;
          continue;
        }
      }
      if (c === ',') { cells.push(field); field = ''; fieldStarted = true; continue; }
      if (c === '\n' || c === '\r') {
        skipLF = c === '\r';
        if (fieldStarted || field !== '' || cells.length) { cells.push(field); out.push({ line: start, cells }); }
        cells = []; field = ''; fieldStarted = false;
        line++;
        start = line;
        continue;
      }
      if (c === '"' && field === '') { quoted = true; fieldStarted = true; continue; }
      fieldStarted = true;
      field += c;
    }
    yield* out;
  }
  if (quoted && !quoteSeen) throw new IngestFileError(`line ${start}: a quoted field is not closed before the end of the file`);
  if (fieldStarted || field !== '' || cells.length) { cells.push(field); yield { line: start, cells }; }
}

async function* csvRows(text: AsyncIterable<string>): AsyncGenerator<Row> {
  let header: string[] | null = null;
  for await (const { line, cells } of csvRecords(text)) {
    if (header === null) {
      header = cells.map((h) => h.trim().replace(/^\uFEFF/, ''));
      continue;
    }
    if (cells.length === 1 && cells[0]!.trim() === '') continue;
    if (cells.length !== header.length) {
      yield { line, value: cells, malformed: `the row has ${cells.length} columns; the header has ${header.length}` };
      continue;
    }
    const value: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) if (cells[k]!.trim() !== '') value[header[k]!] = cells[k]!;
    yield { line, value };
  }
}

export function rowsOf(input: Readable, format: IngestFormat, encoding: IngestEncoding): AsyncGenerator<Row> {
  const text = decode(input, encoding);
  return format === 'CSV' ? csvRows(text) : ndjsonRows(text);
}

/**
 * The rows of a spooled file after the first `skip` (a resumed job's committed rows), `size` at a
 * time, the last batch shorter: a bulk job's batches, read on its thread (./job.ts) or in the
 * worker that prepares them (./prepare-worker.ts).
 */
export async function* rowBatches(file: string, format: IngestFormat, encoding: IngestEncoding, skip: number, size: number): AsyncGenerator<Row[]> {
  let batch: Row[] = [];
  for await (const row of rowsOf(createReadStream(file), format, encoding)) {
    if (skip > 0) { skip--; continue; }
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
