/**
 * What the enterprise subgraph forwards of `submitRecords` / `withdrawRecord` for an item whose
 * records another subgraph writes (./forward.ts: natural persons' to the person subgraph, social
 * organisations' to the social-org subgraph), signed as the caller over path and body:
 *
 *   POST /collection/submit    { item, records, department }          → { receipt } | { errors }
 *   POST /collection/withdraw  { item, recordId, reason, department } → { receipt } | { errors }
 *
 * The caller is checked here again (the sender rules of lib/collection/submission.ts), so nothing
 * the forwarding subgraph decided is trusted. Only counts are logged, never a record. Results name
 * a record by its position in the call; the forwarding subgraph places them in its call or file.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CALLER_HEADER, type Caller } from '../caller.ts';
import { refuse } from '../changes-route.ts';
import type { Catalogue, CatalogueItem } from '../catalogue/index.ts';
import { badUserInput } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { verifySigned } from '../service-call.ts';
import { todayCST } from '../time.ts';
import { requiredText } from '../workflow.ts';
import { answerForwarded, SUBMIT_PATH, WITHDRAW_PATH, type ForwardedSubmit, type ForwardedWithdraw } from './forward.ts';
import type { RegistryCall } from './registry.ts';
import { catalogueItem, checkCallSize, senderFor, type Receipt, type ReceiptCounts, type RecordResult } from './submission.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A forwarded call as the owner starts it: the item, the sender checked again, the receipt, the request's clock. */
export type Started = RegistryCall & { today: string };

/** The subgraph that writes the records. */
export interface CollectionOwner {
  /** Throws BAD_USER_INPUT ITEM_NOT_SUPPORTED for an item whose records it does not write. */
  accepts(item: CatalogueItem): void;
  submit(s: Started, records: readonly unknown[]): Promise<{ results: RecordResult[]; counts: ReceiptCounts }>;
  withdraw(s: Started & { recordId: string; reason: string }): Promise<{ result: RecordResult; counts: ReceiptCounts }>;
}

export function registerCollectionRoutes(
  app: FastifyInstance, deps: { catalogue: Catalogue; callerSecret: string; clock: () => Date; logger: Logger }, owner: CollectionOwner,
): void {
  function route<B>(path: string, work: (body: B, caller: Caller) => Promise<Receipt>) {
    app.post(path, async (req, reply) => {
      const verified = verifySigned(req.headers[CALLER_HEADER], path, req.rawBody ?? '', deps.callerSecret);
      if (!verified.ok) return refuse(reply, 401, 'UNAUTHENTICATED', verified.reason);
      return answerForwarded(reply, () => work(req.body as B, verified.caller));
    });
  }
  /** The item (one this subgraph writes), who sends it, and the request's clock. */
  function start(caller: Caller, code: unknown, department: unknown, receiptId: unknown) {
    if (typeof code !== 'string' || (department != null && typeof department !== 'string')) throw badUserInput('BAD_FORWARD', 'item and department must be text');
    const item = catalogueItem(deps.catalogue, code);
    owner.accepts(item);
    const sender = senderFor(caller.principal, deps.catalogue, item, department as string | null);
    const now = deps.clock();
    // The forwarding subgraph's receipt (a bulk job's spans several calls), so a version names what the department was given.
    return { item, sender, now, today: todayCST(now), receiptId: typeof receiptId === 'string' && UUID.test(receiptId) ? receiptId : randomUUID() };
  }

  route<ForwardedSubmit>(SUBMIT_PATH, async (body, verified) => {
    const records = Array.isArray(body.records) ? body.records : [];
    const s = start(verified, body.item, body.department, body.receiptId);
    checkCallSize(s.item, records.length);
    const { results, counts } = await owner.submit(s, records);
    deps.logger.info({ receiptId: s.receiptId, item: s.item.code, department: s.sender.departmentCode, ...counts }, 'records submitted');
    return { id: s.receiptId, item: s.item.code, department: s.sender.departmentCode, receivedAt: s.now, ...counts, results };
  });

  route<ForwardedWithdraw>(WITHDRAW_PATH, async (body, verified) => {
    const s = start(verified, body.item, body.department, body.receiptId);
    const reason = requiredText(String(body.reason ?? ''), 'reason', 2000);
    const { result, counts } = await owner.withdraw({ ...s, recordId: String(body.recordId ?? '').trim(), reason });
    return { id: s.receiptId, item: s.item.code, department: s.sender.departmentCode, receivedAt: s.now, ...counts, results: [result] };
  });
}
