/**
 * The operator's dead letters (issue 17): every institution's DEAD messages, newest first, with the
 * institution they belong to; the operator may replay any; institutions and others are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../lib/caller.ts';
import { startTestSubgraph, type TestSubgraph } from '../../../tests/support/subgraph.ts';
import type { RunningSubgraph } from '../../../lib/subgraph.ts';
import type { Db } from '../db/client.ts';
import { createInstitution } from '../db/institutions.ts';
import { startSubgraph } from '../main.ts';

const SECRET = 'test-caller-signing-secret-0123456789abcdef';
const OPERATOR: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
const bank = (id: string): Principal => ({ kind: 'INSTITUTION', institutionId: id, institutionKind: 'FINANCIAL', institutionName: id, scopes: [] });

const DEAD = `query($i: ID, $first: Int, $after: ID) { webhookDeadLetters(institutionId: $i, first: $first, after: $after) {
  id institutionId webhookId status attempts lastStatus } }`;
const REPLAY = 'mutation($id: ID!) { replayWebhookDelivery(id: $id) { id institutionId status } }';

let sg: TestSubgraph<RunningSubgraph<Db>>;
const ask = async (caller: Principal, q: string, variables: Record<string, unknown> = {}) =>
  (await sg.query(q, variables, caller)).body as { data?: Record<string, any> | null; errors?: { extensions?: Record<string, unknown> }[] };

beforeAll(async () => {
  sg = await startTestSubgraph({
    subgraph: 'platform', start: startSubgraph as never, secret: SECRET,
    // The webhooks point at an address the guard refuses: a replayed message fails again without a socket.
    env: { WEBHOOK_RETRY_BASE_MS: '60000' },
  }) as TestSubgraph<RunningSubgraph<Db>>;
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 8, minute));
  for (const id of ['inst-a', 'inst-b']) {
    await createInstitution(sg.db, { id, name: id, kind: 'FINANCIAL' });
    await sg.db.prisma.webhook.create({ data: { id: `hook-${id}`, institutionId: id, url: 'http://192.0.2.1/hook', secret: 'whsec_x', createdAt: at(0) } });
  }
  const message = (id: string, institutionId: string, seq: number, status: string) => ({
    id, webhookId: `hook-${institutionId}`, institutionId, seq, status, attempts: 9, createdAt: at(seq), nextAttemptAt: at(seq),
    retryUntil: at(seq), lastAttemptAt: at(seq), lastStatus: 500, lastError: 'HTTP 500',
  });
  await sg.db.prisma.webhookDelivery.createMany({ data: [
    message('msg_a1', 'inst-a', 1, 'DEAD'), message('msg_b2', 'inst-b', 2, 'DEAD'),
    message('msg_a3', 'inst-a', 3, 'DELIVERED'), message('msg_a4', 'inst-a', 4, 'DEAD'),
  ] });
}, 60_000);
afterAll(() => sg?.close());

describe('webhookDeadLetters', () => {
  it('lists every institution\'s dead letters to an operator, newest first, with whose they are', async () => {
    const body = await ask(OPERATOR, DEAD);
    expect(body.errors).toBeUndefined();
    expect(body.data!.webhookDeadLetters).toEqual([
      { id: 'msg_a4', institutionId: 'inst-a', webhookId: 'hook-inst-a', status: 'DEAD', attempts: 9, lastStatus: 500 },
      { id: 'msg_b2', institutionId: 'inst-b', webhookId: 'hook-inst-b', status: 'DEAD', attempts: 9, lastStatus: 500 },
      { id: 'msg_a1', institutionId: 'inst-a', webhookId: 'hook-inst-a', status: 'DEAD', attempts: 9, lastStatus: 500 },
    ]);
    expect((await ask(OPERATOR, DEAD, { i: 'inst-b' })).data!.webhookDeadLetters.map((d: { id: string }) => d.id)).toEqual(['msg_b2']);
    expect((await ask(OPERATOR, DEAD, { first: 1, after: 'msg_a4' })).data!.webhookDeadLetters.map((d: { id: string }) => d.id)).toEqual(['msg_b2']);
  });

  it('refuses institutions (they read their own through webhookDeliveries) and everybody else', async () => {
    for (const caller of [bank('inst-a'), { kind: 'PERSON', personId: 'p' }, { kind: 'ANONYMOUS' }] as Principal[]) {
      const body = await ask(caller, DEAD);
      expect(body.data).toEqual({ webhookDeadLetters: null });
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });

  it('lets an operator replay any institution\'s dead letter, and an institution only its own', async () => {
    expect((await ask(bank('inst-b'), REPLAY, { id: 'msg_a1' })).errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect((await ask({ kind: 'PERSON', personId: 'p' }, REPLAY, { id: 'msg_a1' })).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const replayed = await ask(OPERATOR, REPLAY, { id: 'msg_a1' });
    expect(replayed.errors).toBeUndefined();
    expect(replayed.data!.replayWebhookDelivery).toEqual({ id: 'msg_a1', institutionId: 'inst-a', status: 'PENDING' });
    const left = (await ask(OPERATOR, DEAD)).data!.webhookDeadLetters.map((d: { id: string }) => d.id);
    expect(left).not.toContain('msg_a1');
    // The dispatcher takes it at once (its event is not in this test's change log: suppressed); wait
    // for that so no work is in flight at close.
    for (let i = 0; i < 100; i++) {
      const row = await sg.db.prisma.webhookDelivery.findUnique({ where: { id: 'msg_a1' } });
      if (row!.status !== 'PENDING') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
