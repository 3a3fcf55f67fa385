/**
 * How the peer gateways call our subgraphs: signed, like our gateway. A subgraph serves nothing
 * without the signed caller header (lib/caller.ts), so each peer signs every subgraph request with
 * the caller secret, bound to the exact body it sends, through the signing functions the gateway
 * itself uses (`callerPayload` once per gateway request, `signPayload` per subgraph request).
 *
 * Who calls is the one thing a peer cannot work out: it has no API keys or tokens of ours. The
 * bench's workloads name the caller in `BENCH_CALLER_HEADER` (base64url JSON of a Caller) on each
 * request to a peer; our gateway ignores that header and authenticates the request itself.
 */
import { randomUUID } from 'node:crypto';
import { ANONYMOUS, callerPayload, CALLER_HEADER, signPayload, type Caller } from '../../lib/caller.ts';

/** Client → peer gateway only: the caller a peer signs for. Never sent to a subgraph. */
export const BENCH_CALLER_HEADER = 'x-creditgraph-bench-caller';

export { CALLER_HEADER };

/** The bench caller header for `caller`. */
export function benchCallerHeader(caller: Caller): string {
  return Buffer.from(JSON.stringify(caller)).toString('base64url');
}

/**
 * The signed part of the caller header for one gateway request, from the client's bench caller
 * header; without one (or with one that does not parse) the request runs as anonymous.
 */
export function payloadFor(header: string | null | undefined): string {
  let caller: Caller = { principal: ANONYMOUS, purpose: null, requestId: randomUUID() };
  if (header) {
    try {
      const c = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Partial<Caller>;
      if (typeof c?.principal?.kind === 'string') caller = { principal: c.principal, purpose: c.purpose ?? null, requestId: c.requestId ?? caller.requestId };
    } catch {
      // Not a caller: anonymous, as above.
    }
  }
  return callerPayload(caller);
}

/** The caller header of one subgraph request: `payload` bound to `body`, the exact bytes sent. */
export function peerSigner(secret: string): (payload: string, body: string | Buffer) => string {
  if (!secret) throw new Error('the peers need the caller signing secret (BENCH_CALLER_SECRET)');
  return (payload, body) => signPayload(payload, body, secret);
}
