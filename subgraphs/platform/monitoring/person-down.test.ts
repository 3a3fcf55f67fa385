/**
 * A person subgraph down at delivery (issue 14): the dispatcher decides per event, so the enterprise
 * events of a batch are delivered while its person events wait (never delivered undecided, never
 * lost) until the person subgraph answers again. The person subgraph sits behind a TCP gate on a
 * fixed port: closing the gate is, to the platform, the subgraph stopped (connection refused).
 * On SQLite and (where installed) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Principal } from '../../../lib/caller.ts';
import { makeUscc } from '../../../lib/identifiers/uscc.ts';
import type { RunningSubgraph } from '../../../lib/subgraph.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../../tests/support/postgres.ts';
import { startTestSubgraph, type TestSubgraph } from '../../../tests/support/subgraph.ts';
import {
  CALLER_SECRET, caller, gql, insertPerson, personPrincipal, startTestSubgraph as startPersonSubgraph,
  type FixturePerson, type TestPersonSubgraph,
} from '../../person/test-support.ts';
import type { Db } from '../db/client.ts';
import { createInstitution } from '../db/institutions.ts';
import { startSubgraph } from '../main.ts';
import { matchEvents, type LogEvent } from './matcher.ts';
import { startReceiver, type Receiver } from './test-receiver.ts';

const BANK: Principal = { kind: 'INSTITUTION', institutionId: 'inst-bank', institutionKind: 'FINANCIAL', institutionName: 'Bank', scopes: [] };
type Sg = TestSubgraph<RunningSubgraph<Db>>;
const providers = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP gate on loopback in front of `target`: `close()` refuses connections (and cuts open ones), `open()` lets them through again on the same port. */
async function startGate(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const open = async () => {
    server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()); }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
    port = (server!.address() as AddressInfo).port;
  };
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  };
  await open();
  return { url: `http://127.0.0.1:${port}`, open, close };
}

describe.each(providers)('a person subgraph down at delivery on %s', (provider) => {
  let pg: PostgresInstance | undefined;
  let person: TestPersonSubgraph;
  let gate: Awaited<ReturnType<typeof startGate>>;
  let platform: Sg;
  let receiver: Receiver;
  let borrower: FixturePerson;
  const uscc = makeUscc({ authority: '9', orgType: '1', regionCode: '330500', orgCodeBody: 'MA000888' });
  const event = (seq: number, subjectKind: LogEvent['subjectKind'], subject: string): LogEvent => ({
    seq, at: new Date().toISOString(), type: 'RECORD_ADDED', subjectKind, subject, category: 'PENALTIES',
    recordType: 'AdministrativePenalty', recordId: `pen-${subjectKind}-${seq}`, itemCode: null, departmentCode: null,
    version: 1, source: 'COLLECTION', detail: null,
  });
  const FEED = 'query($since: String) { changes(since: $since, first: 100) { cursor hasMore events { id subject } } }';

  beforeAll(async () => {
    pg = provider === 'postgresql' ? await startPostgres() : undefined;
    receiver = await startReceiver();
    person = await startPersonSubgraph({ postgresUrl: pg ? await pg.createDatabase('down_person') : undefined });
    gate = await startGate(new URL(person.url));
    platform = await startTestSubgraph({
      subgraph: 'platform', start: startSubgraph as never, secret: CALLER_SECRET,
      postgresUrl: pg ? await pg.createDatabase('down_platform') : undefined,
      env: { PERSON_URL: `${gate.url}/graphql`, WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_RETRY_BASE_MS: '50' },
    }) as Sg;
    await createInstitution(platform.db, { id: 'inst-bank', name: 'Bank', kind: 'FINANCIAL' });
    borrower = await insertPerson(person.db, '王小明');
    const granted = await gql(person.url, caller(personPrincipal(borrower.id)), 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', { i: {
      institutionId: 'inst-bank', purpose: 'CREDIT_EASY_LOAN', categories: ['PENALTIES'],
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), monitoring: true,
    } });
    expect(granted.body.errors).toBeUndefined();
    const watched = await platform.query('mutation($s: [ID!]!) { watch(subjects: $s) { total } }', { s: [borrower.idNumber, uscc] }, BANK);
    expect(watched.body.data).toEqual({ watch: { total: 2 } });
    const reg = await platform.query('mutation($url: String!) { registerWebhook(url: $url) { secret } }', { url: receiver.url }, BANK);
    receiver.secret = (reg.body.data!.registerWebhook as { secret: string }).secret;
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await gate?.close();
    await person?.close();
    await receiver?.close();
    await pg?.stop();
  });

  it('delivers the enterprise event at once and holds the person event until the person subgraph is back', async () => {
    await gate.close();
    // Both queued in one transaction: the dispatcher claims them in one batch.
    await matchEvents(platform.db, [event(1, 'LEGAL_PERSON', uscc), event(2, 'NATURAL_PERSON', borrower.id)], new Date(), 60_000, 'test:both');
    await receiver.waitForAccepted(1);
    expect(receiver.requests.map((r) => (r.body as { data: { subject: string } }).data.subject)).toEqual([uscc]);
    expect(receiver.requests.every((r) => r.verified)).toBe(true);

    // Several retries (base 50 ms) while the person subgraph is down: the person event waits, PENDING.
    await sleep(1500);
    expect(receiver.requests.filter((r) => (r.body as { data: { subject: string } }).data.subject === borrower.id)).toEqual([]);
    const held = await platform.db.prisma.webhookDelivery.findMany({ where: { status: { not: 'DELIVERED' } } });
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ status: 'PENDING', lastError: expect.stringMatching(/^held: the person subgraph could not be asked/) });
    expect(held[0]!.attempts).toBeGreaterThan(1);

    await gate.open();
    await receiver.waitForAccepted(2, 30_000);
    const personal = receiver.requests.filter((r) => (r.body as { data: { subject: string } }).data.subject === borrower.id);
    expect(personal).toHaveLength(1);
    expect(personal[0]!.verified).toBe(true);
    expect(personal[0]!.id).toBe(held[0]!.id);
    // Decided once the person subgraph answered: the delivery is in the borrower's access log.
    expect(await person.db.prisma.accessLogEntry.count({ where: { personId: borrower.id, institutionId: 'inst-bank' } })).toBe(1);
  }, 60_000);

  it('ends a feed page before a person event it cannot decide, and goes on from there once the person subgraph is back', async () => {
    const start = ((await platform.query(FEED, {}, BANK)).body.data!.changes as { cursor: string }).cursor;
    await gate.close();
    await matchEvents(platform.db, [event(3, 'LEGAL_PERSON', uscc), event(4, 'NATURAL_PERSON', borrower.id), event(5, 'LEGAL_PERSON', uscc)], new Date(), 60_000, 'test:both');
    const first = (await platform.query(FEED, { since: start }, BANK)).body.data!.changes as { cursor: string; hasMore: boolean; events: { id: string; subject: string }[] };
    expect(first.events.map((e) => e.subject)).toEqual([uscc]);
    expect(first.hasMore).toBe(true);
    // From there the page starts with the undecided event: refused, nothing skipped.
    expect((await platform.query(FEED, { since: first.cursor }, BANK)).body.errors).toBeDefined();

    await gate.open();
    const rest = (await platform.query(FEED, { since: first.cursor }, BANK)).body.data!.changes as typeof first;
    expect(rest.events.map((e) => e.subject)).toEqual([borrower.id, uscc]);
    expect(Number(rest.events[0]!.id)).toBeGreaterThan(Number(first.cursor));
  }, 60_000);
});
