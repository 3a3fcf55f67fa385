/**
 * Reading request bodies: never more than a byte limit (over it is QUERY_TOO_COMPLEX naming
 * MAX_BODY_BYTES, and the rest is drained unread), and JSON bodies with their media type checked.
 * A route that streams its body (an upload) reads `req` itself instead.
 */
import type { IncomingMessage } from 'node:http';
import { CreditGraphError } from '../../lib/errors.ts';
import { HttpRefusal } from './respond.ts';

/** The refusal of a body over `limit` bytes. */
export const bodyTooLarge = (limit: number): CreditGraphError =>
  new CreditGraphError('QUERY_TOO_COMPLEX', `The request body is over the limit of ${limit} bytes (MAX_BODY_BYTES).`, { limit: 'MAX_BODY_BYTES', max: limit });

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        reject(bodyTooLarge(limit));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    // A small body comes in one chunk: no copy of it.
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Whether a Content-Type is JSON in UTF-8 (named, or assumed when no charset is named). */
function jsonUtf8(contentType: string | undefined): boolean {
  const [essence, ...params] = String(contentType ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  // graphql-response+json is a response type, kept as a request type because clients sent it before.
  return (essence === 'application/json' || essence === 'application/graphql-response+json') && (charset === undefined || charset === 'utf-8');
}

/**
 * A JSON body: `application/json` (the one request type of GraphQL over HTTP; UTF-8, assumed when
 * no charset is named) or 415; JSON that does not parse is 400. With its size in bytes (a caller with
 * two limits decides after parsing).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<{ body: unknown; bytes: number }> {
  const contentType = req.headers['content-type'];
  // What nearly every client sends is taken as it is; anything else is parsed.
  if (contentType !== 'application/json' && !jsonUtf8(contentType)) throw new HttpRefusal(415, 'POST bodies must be application/json (UTF-8).');
  const bytes = await readBody(req, limit);
  try {
    return { body: JSON.parse(bytes.toString('utf8')), bytes: bytes.length };
  } catch {
    throw new HttpRefusal(400, 'The request body is not valid JSON.');
  }
}
