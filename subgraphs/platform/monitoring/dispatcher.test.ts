/**
 * The dispatcher on its own (no subgraph around it): batches of deliveries where one receiver is
 * dead, the statements a batch costs, and the address check of a host name after DNS on the
 * connection pool's sockets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeUscc } from '../../../lib/identifiers/uscc.ts';
import { loadCatalogue } from '../../../lib/catalogue/index.ts';
import { createLogger } from '../../../lib/logger.ts';
import { openDb } from '../../../lib/db/client.ts';
import { freshDatabase, type FreshDatabase } from '../../../tests/support/subgraph.ts';
import { loadPlatformConfig } from '../config.ts';
import { clientModules, type Db } from '../db/client.ts';
import { createInstitution } from '../db/institutions.ts';
import { startDispatcher, type Dispatcher } from './dispatcher.ts';
import { matchEvents, type LogEvent } from './matcher.ts';
import { newSecret } from './signing.ts';
import { startReceiver, type Receiver } from './test-receiver.ts';

const subject = makeUscc({ authority: '9', orgType: '1', regionCode: '330500', orgCodeBody: 'MA000002' });
const statements: string[] = [];
let database: FreshDatabase;
let db: Db;
let receiver: Receiver;
let dispatcher: Dispatcher | undefined;
let seq = 0;

/** A port nothing listens on: a server opened and closed. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}/dead`;
}

async function institutionWithHook(id: string, url: string, secret = newSecret()): Promise<void> {
  await createInstitution(db, { id, name: id, kind: 'FINANCIAL' });
  await db.prisma.watch.create({ data: { institutionId: id, subject, events: '', createdAt: new Date() } });
  await db.prisma.webhook.create({ data: { id: `hook-${id}`, institutionId: id, url, events: '', secret, createdAt: new Date() } });
}

/** `n` new penalties of the watched subject, matched: a message to every webhook watching it. */
async function changes(n: number): Promise<void> {
  const events: LogEvent[] = Array.from({ length: n }, () => ({
    seq: ++seq, at: new Date().toISOString(), type: 'RECORD_ADDED', subjectKind: 'LEGAL_PERSON', subject, category: 'PENALTIES',
    recordType: 'AdministrativePenalty', recordId: `pen-${seq}`, itemCode: null, departmentCode: null, version: 1, source: 'COLLECTION', detail: null,
  }));
  await matchEvents(db, events, new Date(), 3600_000);
}

async function start(allowedNetworks: string): Promise<Dispatcher> {
  const config = loadPlatformConfig({
    CALLER_SIGNING_SECRET: 'x'.repeat(32), DATA_DIR: database.dir, WEBHOOK_ALLOWED_NETWORKS: allowedNetworks,
    WEBHOOK_CONCURRENCY: '8', WEBHOOK_RETRY_BASE_MS: '5000', WEBHOOK_TIMEOUT_MS: '2000',
  });
  return startDispatcher({
    db, config: config.monitoring, production: false, logger: createLogger({ name: 'dispatcher-test', level: 'silent' }),
    clock: () => new Date(), catalogue: loadCatalogue(config.catalogueFile),
  });
}

async function until(done: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not reached in 10 s: ${what}`);
}

beforeAll(async () => {
  database = await freshDatabase('platform', { dirPrefix: 'cg-dispatcher-' });
  db = await openDb(clientModules, 'sqlite', database.url, { onQuery: (sql) => statements.push(sql) });
  receiver = await startReceiver();
}, 60_000);

afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  await db.prisma.webhookDelivery.deleteMany({});
  await db.prisma.webhook.deleteMany({});
  await db.prisma.watch.deleteMany({});
});

afterAll(async () => {
  await receiver?.close();
  await db?.close();
  database?.remove();
});

describe('the dispatcher', () => {
  it('delivers every message of a live receiver while another receiver is dead, and keeps the dead one\'s for retry', async () => {
    const secret = newSecret();
    receiver.secret = secret;
    await institutionWithHook('inst-live', receiver.url, secret);
    await institutionWithHook('inst-dead', await deadUrl());
    await changes(300);
    const before = receiver.accepted.size;
    dispatcher = await start('127.0.0.1/32');
    await receiver.waitForAccepted(before + 300);
    expect(receiver.requests.slice(-300).every((r) => r.verified)).toBe(true);
    await until(async () => await db.prisma.webhookDelivery.count({ where: { webhookId: 'hook-inst-dead', lastError: null } }) === 0, 'every dead message tried');
    const dead = await db.prisma.webhookDelivery.findMany({ where: { webhookId: 'hook-inst-dead' } });
    expect(dead).toHaveLength(300);
    // Retried later (2.5 s at the earliest here), each under its one id.
    for (const m of dead) expect(m).toMatchObject({ status: 'PENDING', lastStatus: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(dead.every((m) => m.nextAttemptAt.getTime() > Date.now() - 1000)).toBe(true);
    await until(async () => await db.prisma.webhookDelivery.count({ where: { webhookId: 'hook-inst-live', status: 'DELIVERED' } }) === 300, 'the live ones recorded');
  });

  it('records 500 deliveries with a few statements, not one per small batch', async () => {
    const secret = newSecret();
    receiver.secret = secret;
    await institutionWithHook('inst-many', receiver.url, secret);
    await changes(500);
    const before = receiver.accepted.size;
    statements.length = 0;
    dispatcher = await start('127.0.0.1/32');
    await receiver.waitForAccepted(before + 500);
    await until(async () => await db.prisma.webhookDelivery.count({ where: { status: 'DELIVERED' } }) === 500, 'all recorded');
    const marks = statements.filter((s) => /^UPDATE .*WebhookDelivery.* SET .*`status`/.test(s));
    const claims = statements.filter((s) => /^UPDATE .*WebhookDelivery.* SET .*`leasedAt` = \?, `attempts`/.test(s));
    // At most 256 claimed and 256 recorded together: two of each (three if a claim splits at a tick).
    expect(marks.length).toBeLessThanOrEqual(3);
    expect(claims.length).toBeLessThanOrEqual(3);
  });

  it('checks a host name\'s addresses after DNS on each new connection: a name resolving to a refused address gets nothing', async () => {
    const { port } = new URL(receiver.url);
    await institutionWithHook('inst-named', `http://localhost:${port}/x`);
    await changes(3);
    const before = receiver.requests.length;
    // Loopback is not allowed here: localhost resolves to it.
    dispatcher = await start('');
    await until(async () => (await db.prisma.webhookDelivery.count({ where: { lastError: { not: null } } })) === 3, 'three attempts refused');
    const rows = await db.prisma.webhookDelivery.findMany();
    for (const m of rows) expect(m.lastError).toMatch(/localhost: (127\.0\.0\.1|::1) is a loopback, private/);
    expect(receiver.requests.length).toBe(before);
  });
});
