/**
 * Service-to-service POSTs beside /graphql (the platform's monitoring asking the person subgraph):
 * JSON bodies under the caller header (lib/caller.ts), signed over the path and the exact body, so
 * a captured header fits neither another route nor another body.
 */
import { CALLER_HEADER, signCaller, verifyCaller, type Caller, type VerifyResult } from './caller.ts';

const signed = (path: string, body: string) => `${path}\n${body}`;

/** POSTs `payload` as `caller` to `base + path`; the parsed answer, or throws on a non-2xx. */
export async function postSigned<T>(base: string, path: string, payload: unknown, caller: Caller, secret: string): Promise<T> {
  const body = JSON.stringify(payload);
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CALLER_HEADER]: signCaller(caller, signed(path, body), secret) },
    body,
  });
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

/** Verifies a request `postSigned` made (`rawBody` as the subgraph server keeps it). */
export function verifySigned(header: string | string[] | undefined, path: string, rawBody: string, secret: string): VerifyResult {
  return verifyCaller(typeof header === 'string' ? header : undefined, signed(path, rawBody), secret);
}
