import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createInstitution } from '../../subgraphs/platform/db/institutions.ts';
import { startTestCli, type TestCli } from './test-support.ts';

let cli: TestCli;
const T = new Date('2026-03-01T08:00:00.000Z');

beforeAll(async () => {
  cli = await startTestCli();
  await createInstitution(cli.db, { id: 'inst-bank', name: '甲商业银行', kind: 'FINANCIAL' });
  await cli.db.prisma.webhook.create({ data: { id: 'hook-1', institutionId: 'inst-bank', url: 'https://bank.example/hooks', events: '', secret: 'whsec_c2VjcmV0', createdAt: T } });
  const message = (id: string, seq: number, status: string) => ({
    id, webhookId: 'hook-1', institutionId: 'inst-bank', seq, status, attempts: status === 'DEAD' ? 17 : 1, createdAt: new Date(T.getTime() + seq),
    nextAttemptAt: T, retryUntil: T, lastStatus: status === 'DEAD' ? 503 : 204, lastError: status === 'DEAD' ? 'HTTP 503' : null,
  });
  await cli.db.prisma.webhookDelivery.createMany({ data: [message('msg_a', 1, 'DELIVERED'), message('msg_b', 2, 'DEAD'), message('msg_c', 3, 'DEAD')] });
});
afterAll(async () => { await cli?.close(); });

describe('webhooks', () => {
  it('lists an institution\'s webhooks without their secrets', async () => {
    const res = await cli.run(['webhooks', 'list', 'inst-bank']);
    expect(res.code).toBe(0);
    expect(res.out).toContain('https://bank.example/hooks');
    expect(res.out).not.toContain('whsec_');
  });

  it('lists the dead letters, newest first', async () => {
    const res = await cli.run(['webhooks', 'dead-letters', '--institution', 'inst-bank']);
    expect(res.code).toBe(0);
    expect(res.out.split('\n').slice(1, 3).map((l) => l.split(/ +/)[0])).toEqual(['msg_c', 'msg_b']);
    expect(res.out).not.toContain('msg_a');
  });

  it('replays one dead letter and then every dead letter of a webhook, keeping their ids', async () => {
    expect((await cli.run(['webhooks', 'replay', 'msg_b'], { now: T })).out).toBe('msg_b queued again (PENDING)\n');
    expect((await cli.run(['webhooks', 'replay-dead', 'hook-1'], { now: T })).out).toBe('1 dead letter(s) of hook-1 queued again\n');
    const rows = await cli.db.prisma.webhookDelivery.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.id, r.status, r.retryUntil.toISOString()])).toEqual([
      ['msg_a', 'DELIVERED', T.toISOString()],
      ['msg_b', 'PENDING', '2026-03-02T08:00:00.000Z'],
      ['msg_c', 'PENDING', '2026-03-02T08:00:00.000Z'],
    ]);
  });

  it('refuses an unknown delivery and an unknown status', async () => {
    expect(await cli.run(['webhooks', 'replay', 'msg_x'])).toMatchObject({ code: 1, err: 'error: No webhook delivery with id msg_x.\n' });
    expect((await cli.run(['webhooks', 'deliveries', '--status', 'LOST'])).code).toBe(64);
  });
});
