/**
 * The one `submitRecords` / `withdrawRecord` mutation stays the enterprise subgraph's (one field of
 * the supergraph, one place the gateway routes it); an item about another kind of subject is
 * forwarded to the subgraph that owns that subject's records, which writes them in its own database
 * in one transaction with its own change log. The call is signed as the caller over the path and
 * the exact body (lib/service-call.ts), so the owning subgraph applies the sender rules
 * (./submission.ts) to the caller itself and trusts nothing the forwarding subgraph decided.
 *
 * The owner answers 200 with `{ receipt }`, or 200 with `{ errors }` for a refusal met while doing
 * the work (as GraphQL over HTTP answers execution errors); the refusal's code and reason are the
 * owner's and reach the client unchanged.
 */
import type { FastifyReply } from 'fastify';
import type { Caller } from '../caller.ts';
import { CreditGraphError, isErrorCode } from '../errors.ts';
import { postSigned } from '../service-call.ts';
import type { Receipt } from './submission.ts';

export const SUBMIT_PATH = '/collection/submit';
export const WITHDRAW_PATH = '/collection/withdraw';

/** `receiptId`: the forwarding subgraph's receipt (a call's, or a bulk job's), which the owner's versions name. */
export interface ForwardedSubmit { item: string; records: readonly unknown[]; department: string | null; receiptId: string }
export interface ForwardedWithdraw { item: string; recordId: string; reason: string; department: string | null; receiptId: string }

interface Refusal { message: string; extensions: { code: string; reason?: string } }
type Reply = { receipt: Omit<Receipt, 'receivedAt'> & { receivedAt: string } } | { errors: Refusal[] };

/** Forwards collection calls to the subgraph at `origin` (scheme://host:port). */
export function collectionPeer(service: string, origin: string, secret: string) {
  async function call(path: string, payload: ForwardedSubmit | ForwardedWithdraw, caller: Caller): Promise<Receipt> {
    let reply: Reply;
    try {
      reply = await postSigned<Reply>(origin, path, payload, caller, secret);
    } catch (cause) {
      throw Object.assign(new CreditGraphError('SUBGRAPH_UNAVAILABLE', `The ${service} subgraph did not take the records; nothing was written.`, { serviceName: service }), { cause });
    }
    if ('errors' in reply) {
      const [e] = reply.errors;
      const { code, ...rest } = e!.extensions;
      throw new CreditGraphError(isErrorCode(code) ? code : 'INTERNAL_SERVER_ERROR', e!.message, rest);
    }
    return { ...reply.receipt, receivedAt: new Date(reply.receipt.receivedAt) };
  }
  return {
    submit: (payload: ForwardedSubmit, caller: Caller) => call(SUBMIT_PATH, payload, caller),
    withdraw: (payload: ForwardedWithdraw, caller: Caller) => call(WITHDRAW_PATH, payload, caller),
  };
}
export type CollectionPeer = ReturnType<typeof collectionPeer>;

/** The owner's side: the receipt, or an expected refusal (CreditGraphError) as `{ errors }`; anything else is thrown on. */
export async function answerForwarded(reply: FastifyReply, work: () => Promise<Receipt>): Promise<FastifyReply> {
  try {
    return reply.send({ receipt: await work() });
  } catch (err) {
    if (!(err instanceof CreditGraphError)) throw err;
    return reply.send({ errors: [{ message: err.message, extensions: err.extensions }] });
  }
}
