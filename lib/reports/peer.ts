/**
 * A call from one subgraph to another on behalf of the same caller: how the report desk gets the
 * parts of a report another subgraph owns (a social organisation's archive, an enterprise's loans)
 * with that subgraph's own disclosure rules applied to the issuer. The request is signed exactly as
 * the gateway signs it (lib/caller.ts), so the peer cannot tell it from a gateway call and applies
 * nothing less.
 */
import { CALLER_HEADER, signCaller, type Caller } from '../caller.ts';
import { CreditGraphError } from '../errors.ts';

export interface PeerError { message: string; path?: (string | number)[]; extensions?: { code?: string } }
export interface PeerReply<T> { data: T | null; errors?: PeerError[] }

export type PeerCall = <T>(caller: Caller, query: string, variables?: Record<string, unknown>) => Promise<PeerReply<T>>;

export function peerClient(service: string, url: string, secret: string, timeoutMs = 10_000): PeerCall {
  return async <T>(caller: Caller, query: string, variables: Record<string, unknown> = {}) => {
    const body = JSON.stringify({ query, variables });
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: signCaller(caller, body, secret) },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw unavailable(service, err);
    }
    if (!res.ok) throw unavailable(service, new Error(`HTTP ${res.status}`));
    return (await res.json()) as PeerReply<T>;
  };
}

function unavailable(service: string, cause: unknown): CreditGraphError {
  const err = new CreditGraphError('SUBGRAPH_UNAVAILABLE', `The ${service} subgraph did not answer; nothing was done that needed it.`, { serviceName: service });
  (err as { cause?: unknown }).cause = cause;
  return err;
}

/** The first error of a reply that is not a FORBIDDEN: anything else means the part is missing. */
export function unexpectedError(reply: PeerReply<unknown>): PeerError | undefined {
  return reply.errors?.find((e) => e.extensions?.code !== 'FORBIDDEN');
}
