/**
 * A batch (a JSON array of operations, outside the GraphQL-over-HTTP specification) answers a
 * JSON array with each operation's answer in order. Its status is 200 when any operation was
 * answered 2xx, else the first operation's (a batch refused whole for its rate is a plain 429).
 * The RateLimit headers are the bucket's after the last operation; Retry-After the longest wait
 * among the refused ones.
 */
import { APPLICATION_JSON, type Answer } from './respond.ts';

export function combineBatch(answers: readonly Answer[]): Answer {
  const headers: Record<string, string> = { 'content-type': APPLICATION_JSON };
  let retryAfter = 0;
  for (const a of answers) {
    for (const [k, v] of Object.entries(a.headers)) if (k.startsWith('ratelimit-')) headers[k] = v;
    retryAfter = Math.max(retryAfter, Number(a.headers['retry-after'] ?? 0));
  }
  if (retryAfter > 0) headers['retry-after'] = String(retryAfter);
  const status = answers.some((a) => a.status >= 200 && a.status < 300) ? 200 : answers[0]!.status;
  return { status, headers, body: `[${answers.map((a) => a.body.toString().trimEnd()).join(',')}]` };
}
