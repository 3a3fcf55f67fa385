/**
 * What the enterprise subgraph forwards of `submitRecords` / `withdrawRecord` for a natural-person
 * item (lib/collection/forward.ts), signed as the caller over path and body:
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
import { CALLER_HEADER, type Caller } from '../../../lib/caller.ts';
import { refuse } from '../../../lib/changes-route.ts';
import type { Catalogue } from '../../../lib/catalogue/index.ts';
import { answerForwarded, SUBMIT_PATH, WITHDRAW_PATH, type ForwardedSubmit, type ForwardedWithdraw } from '../../../lib/collection/forward.ts';
import { catalogueItem, checkCallSize, senderFor, type Receipt } from '../../../lib/collection/submission.ts';
import { badUserInput } from '../../../lib/errors.ts';
import type { Logger } from '../../../lib/logger.ts';
import { verifySigned } from '../../../lib/service-call.ts';
import { todayCST } from '../../../lib/time.ts';
import { requiredText } from '../../../lib/workflow.ts';
import type { IdNumberCrypto } from '../context.ts';
import type { Db } from '../db/client.ts';
import { personTableOf, submitPersonRecords, withdrawPersonRecord } from './records.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function registerCollectionRoutes(
  app: FastifyInstance, deps: { db: Db; catalogue: Catalogue; callerSecret: string; clock: () => Date; idNumbers: IdNumberCrypto; logger: Logger },
): void {
  function route<B>(path: string, work: (body: B, caller: Caller) => Promise<Receipt>) {
    app.post(path, async (req, reply) => {
      const verified = verifySigned(req.headers[CALLER_HEADER], path, req.rawBody ?? '', deps.callerSecret);
      if (!verified.ok) return refuse(reply, 401, 'UNAUTHENTICATED', verified.reason);
      return answerForwarded(reply, () => work(req.body as B, verified.caller));
    });
  }
  /** The item (a natural-person one this subgraph writes), who sends it, and the request's clock. */
  function start(caller: Caller, code: unknown, department: unknown, receiptId: unknown) {
    if (typeof code !== 'string' || (department != null && typeof department !== 'string')) throw badUserInput('BAD_FORWARD', 'item and department must be text');
    const item = catalogueItem(deps.catalogue, code);
    personTableOf(item);
    const sender = senderFor(caller.principal, deps.catalogue, item, department as string | null);
    const now = deps.clock();
    // The forwarding subgraph's receipt (a bulk job's spans several calls), so a version names what the department was given.
    return { item, sender, now, today: todayCST(now), receiptId: typeof receiptId === 'string' && UUID.test(receiptId) ? receiptId : randomUUID() };
  }

  route<ForwardedSubmit>(SUBMIT_PATH, async (body, verified) => {
    const records = Array.isArray(body.records) ? body.records : [];
    const s = start(verified, body.item, body.department, body.receiptId);
    checkCallSize(s.item, records.length);
    const { results, counts } = await submitPersonRecords(deps.db, deps.idNumbers, { ...s, records });
    deps.logger.info({ receiptId: s.receiptId, item: s.item.code, department: s.sender.departmentCode, ...counts }, 'records submitted');
    return { id: s.receiptId, item: s.item.code, department: s.sender.departmentCode, receivedAt: s.now, ...counts, results };
  });

  route<ForwardedWithdraw>(WITHDRAW_PATH, async (body, verified) => {
    const s = start(verified, body.item, body.department, body.receiptId);
    const reason = requiredText(String(body.reason ?? ''), 'reason', 2000);
    const { result, counts } = await withdrawPersonRecord(deps.db, { ...s, recordId: String(body.recordId ?? '').trim(), reason });
    return { id: s.receiptId, item: s.item.code, department: s.sender.departmentCode, receivedAt: s.now, ...counts, results: [result] };
  });
}
