/**
 * Monitoring in the platform subgraph, on SQLite and (where installed) PostgreSQL: watchlists, the
 * matcher's feed, disclosure at delivery, and webhooks signed per Standard Webhooks as the published
 * `standardwebhooks` package verifies them, retried until the receiver is back, refused where SSRF
 * would reach. The change log is handed to the matcher directly here; tests/monitoring.test.ts
 * follows the real one through the gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../lib/caller.ts';
import type { ChangeEventType } from '../../../lib/change-log.ts';
import { makeIdNumber } from '../../../lib/identifiers/id-number.ts';
import { makeUscc } from '../../../lib/identifiers/uscc.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../../tests/support/postgres.ts';
import { startTestSubgraph, type TestSubgraph } from '../../../tests/support/subgraph.ts';
import type { RunningSubgraph } from '../../../lib/subgraph.ts';
import type { Db } from '../db/client.ts';
import { createInstitution, setInstitutionStatus } from '../db/institutions.ts';
import { startSubgraph } from '../main.ts';
import { CONSUMER, matchEvents, type LogEvent } from './matcher.ts';
import { startReceiver, type Receiver } from './test-receiver.ts';

const SECRET = 'test-caller-signing-secret-0123456789abcdef';
const bank = (id: string): Principal => ({ kind: 'INSTITUTION', institutionId: id, institutionKind: 'FINANCIAL', institutionName: id, scopes: [] });
const BANK = bank('inst-bank');
const OTHER = bank('inst-other');
const uscc = (n: number) => makeUscc({ authority: '9', orgType: '1', regionCode: '330500', orgCodeBody: `MA${String(n).padStart(6, '0')}` });
const BOOK = Array.from({ length: 30 }, (_, i) => uscc(i + 1));

let seq = 0;
/**
 * The log's next change, recorded at `at`: by default now, after the watches the tests began before
 * it (a watch hears only of what was recorded once it had begun: matcher.ts watchCovers).
 */
function event(subject: string, type: ChangeEventType = 'RECORD_ADDED', recordId: string | null = `pen-${seq + 1}`, at = new Date()): LogEvent {
  seq += 1;
  return {
    seq, at: at.toISOString(), type, subjectKind: 'LEGAL_PERSON', subject,
    category: 'PENALTIES', recordType: 'AdministrativePenalty', recordId, itemCode: null, departmentCode: 'SCJG', version: 1,
    source: 'COLLECTION', detail: null,
  };
}

type Sg = TestSubgraph<RunningSubgraph<Db>>;
const data = <T>(r: { body: { data?: Record<string, unknown> | null; errors?: unknown } }, field: string): T => {
  if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
  return r.body.data![field] as T;
};
const reasonOf = (r: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
  [r.body.errors?.[0]?.extensions?.code, r.body.errors?.[0]?.extensions?.reason];

const FEED = 'query($since: String, $first: Int) { changes(since: $since, first: $first) { cursor hasMore events { id type subject recordId category } } }';
const REGISTER = 'mutation($url: String!, $events: [MonitoredEvent!]) { registerWebhook(url: $url, events: $events) { secret webhook { id url events } } }';

const providers = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;

describe.each(providers)('monitoring on %s', (provider) => {
  let pg: PostgresInstance | undefined;
  let sg: Sg;
  let receiver: Receiver;

  beforeAll(async () => {
    pg = provider === 'postgresql' ? await startPostgres() : undefined;
    receiver = await startReceiver();
    sg = await startTestSubgraph({
      subgraph: 'platform', start: startSubgraph as never, secret: SECRET,
      postgresUrl: pg ? await pg.createDatabase('monitoring_test') : undefined,
      env: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_TIMEOUT_MS: '2000' },
    }) as Sg;
    for (const id of ['inst-bank', 'inst-other']) await createInstitution(sg.db, { id, name: id, kind: 'FINANCIAL' });
  }, 120_000);

  afterAll(async () => {
    await sg?.close();
    await receiver?.close();
    await pg?.stop();
  });

  describe('watchlists', () => {
    it('watches a loan book from CSV (header and extra columns ignored) and pages it by subject', async () => {
      const csv = ['uscc,borrower,amount', ...BOOK.slice(0, 20).map((u, i) => `${u},借款人${i},100`), ''].join('\r\n');
      expect(data(await sg.query('mutation($csv: String!) { watchCsv(csv: $csv) { watched total } }', { csv }, BANK), 'watchCsv'))
        .toEqual({ watched: 20, total: 20 });
      expect(data(await sg.query('mutation($s: [ID!]!) { watch(subjects: $s, events: [RECORD_ADDED, RECORD_REPAIRED]) { watched total } }', { s: BOOK.slice(15) }, BANK), 'watch'))
        .toEqual({ watched: 15, total: 30 });
      const page1 = data<{ subjects: { subject: string; events: string[] | null }[]; endCursor: string; total: number }>(
        await sg.query('{ watchlist(first: 20) { subjects { subject events } endCursor total } }', {}, BANK), 'watchlist');
      const sorted = [...BOOK].sort();
      expect(page1.subjects.map((s) => s.subject)).toEqual(sorted.slice(0, 20));
      expect(page1.total).toBe(30);
      const page2 = data<{ subjects: { subject: string; events: string[] | null }[]; endCursor: string | null }>(
        await sg.query('query($a: String) { watchlist(first: 20, after: $a) { subjects { subject events } endCursor } }', { a: page1.endCursor }, BANK), 'watchlist');
      expect(page2.subjects.map((s) => s.subject)).toEqual(sorted.slice(20));
      expect(page2.endCursor).toBeNull();
      const events = new Map([...page1.subjects, ...page2.subjects].map((s) => [s.subject, s.events]));
      expect(events.get(BOOK[0]!)).toBeNull();
      expect(events.get(BOOK[29]!)).toEqual(['RECORD_ADDED', 'RECORD_REPAIRED']);
    });

    it('unwatches, counting only subjects that were watched', async () => {
      await sg.query('mutation($s: [ID!]!) { watch(subjects: $s) { total } }', { s: [uscc(900), uscc(901)] }, OTHER);
      expect(data(await sg.query('mutation($s: [ID!]!) { unwatch(subjects: $s) }', { s: [uscc(900), uscc(999)] }, OTHER), 'unwatch')).toBe(1);
      expect(data<{ total: number }>(await sg.query('{ watchlist { total } }', {}, OTHER), 'watchlist').total).toBe(1);
    });

    it('refuses a person (no monitoring consent yet), a bad USCC and callers that are not institutions', async () => {
      const person = makeIdNumber('330502', '19900101', 12);
      expect(reasonOf(await sg.query('mutation($s: [ID!]!) { watch(subjects: $s) { total } }', { s: [person] }, BANK)))
        .toEqual(['BAD_USER_INPUT', 'PERSON_MONITORING_UNSUPPORTED']);
      expect(reasonOf(await sg.query('mutation($s: [ID!]!) { watch(subjects: $s) { total } }', { s: ['91330500MA00000000'] }, BANK)))
        .toEqual(['BAD_USER_INPUT', 'SUBJECT']);
      expect(reasonOf(await sg.query('{ changes { cursor } }', {}, { kind: 'OPERATOR', operatorId: 'op' })))
        .toEqual(['FORBIDDEN', undefined]);
    });
  });

  describe('the feed', () => {
    let cursorBefore: string;

    it('holds the events of watched subjects only, per institution, and resumes from any cursor once each', async () => {
      cursorBefore = data<{ cursor: string }>(await sg.query(FEED, {}, BANK), 'changes').cursor;
      const batch = [event(BOOK[0]!), event(uscc(500)), event(BOOK[1]!), event(BOOK[29]!, 'OBJECTION_FLAGGED'), event(uscc(901))];
      expect(await matchEvents(sg.db, batch, new Date(), 60_000)).toMatchObject({ changes: 3, entries: 3 });
      // Offered again (the follower retries a batch whose handler failed): nothing is written twice.
      expect(await matchEvents(sg.db, batch, new Date(), 60_000)).toEqual({ changes: 0, entries: 0, messages: 0 });

      const all = data<{ events: { id: string; subject: string }[]; cursor: string }>(await sg.query(FEED, { since: cursorBefore }, BANK), 'changes');
      // BOOK[29] watches RECORD_ADDED and RECORD_REPAIRED only, so its objection is not in the feed.
      expect(all.events.map((e) => e.subject)).toEqual([BOOK[0], BOOK[1]]);
      const first = data<{ events: { id: string }[]; cursor: string; hasMore: boolean }>(await sg.query(FEED, { since: cursorBefore, first: 1 }, BANK), 'changes');
      expect(first.hasMore).toBe(true);
      const rest = data<{ events: { id: string }[]; hasMore: boolean }>(await sg.query(FEED, { since: first.cursor }, BANK), 'changes');
      expect([...first.events, ...rest.events].map((e) => e.id)).toEqual(all.events.map((e) => e.id));
      expect(rest.hasMore).toBe(false);
      const other = data<{ events: { subject: string }[] }>(await sg.query(FEED, {}, OTHER), 'changes');
      expect(other.events.map((e) => e.subject)).toEqual([uscc(901)]);
      const cursor = await sg.db.prisma.monitorCursor.findUnique({ where: { consumer: CONSUMER } });
      expect(cursor?.seq).toBe(seq);
    });

    it('stops showing a record once it is repaired, before and after the repair, but shows the repair itself', async () => {
      const added = event(BOOK[2]!, 'RECORD_ADDED', 'pen-repaired');
      const repaired = event(BOOK[2]!, 'RECORD_REPAIRED', 'pen-repaired');
      const corrected = event(BOOK[2]!, 'RECORD_UPDATED', 'pen-repaired');
      const since = data<{ cursor: string }>(await sg.query(FEED, { since: cursorBefore }, BANK), 'changes').cursor;
      await matchEvents(sg.db, [added], new Date(), 60_000);
      expect(data<{ events: { recordId: string }[] }>(await sg.query(FEED, { since }, BANK), 'changes').events.map((e) => e.recordId)).toEqual(['pen-repaired']);
      await matchEvents(sg.db, [repaired, corrected], new Date(), 60_000);
      const page = data<{ events: { type: string }[]; cursor: string }>(await sg.query(FEED, { since }, BANK), 'changes');
      expect(page.events.map((e) => e.type)).toEqual(['RECORD_REPAIRED']);
      expect(page.cursor).toBe(String(corrected.seq));
    });

    it('tells of a record past its publicity end, or deleted, only that it ended (every type of the log serialises)', async () => {
      const since = data<{ cursor: string }>(await sg.query(FEED, { since: cursorBefore }, BANK), 'changes').cursor;
      const added = event(BOOK[3]!, 'RECORD_ADDED', 'pen-expires');
      const expired = event(BOOK[3]!, 'RECORD_EXPIRED', 'pen-expires');
      const fulfilled = event(BOOK[3]!, 'COMMITMENT_FULFILLED', 'cn-kept');
      const deleted = event(BOOK[3]!, 'RECORD_DELETED', 'pen-old');
      await matchEvents(sg.db, [added, expired, fulfilled, deleted], new Date(), 60_000);
      const page = data<{ events: { type: string; recordId: string }[] }>(await sg.query(FEED, { since }, BANK), 'changes');
      expect(page.events.map((e) => [e.type, e.recordId])).toEqual([
        ['RECORD_EXPIRED', 'pen-expires'], ['COMMITMENT_FULFILLED', 'cn-kept'], ['RECORD_DELETED', 'pen-old'],
      ]);
    });

    it('refuses a cursor it did not hand out', async () => {
      expect(reasonOf(await sg.query(FEED, { since: 'abc' }, BANK))).toEqual(['BAD_USER_INPUT', 'CURSOR']);
    });
  });

  describe('webhooks', () => {
    let hookId: string;

    it('delivers a new penalty signed per Standard Webhooks, as the published library verifies it', async () => {
      const reg = data<{ secret: string; webhook: { id: string; url: string } }>(
        await sg.query(REGISTER, { url: receiver.url, events: ['RECORD_ADDED'] }, BANK), 'registerWebhook');
      expect(reg.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      hookId = reg.webhook.id;
      receiver.secret = reg.secret;
      const penalty = event(BOOK[3]!, 'RECORD_ADDED', 'pen-signed');
      await matchEvents(sg.db, [penalty, event(BOOK[3]!, 'OBJECTION_FLAGGED')], new Date(), 60_000);
      await receiver.waitForAccepted(1);
      const got = receiver.requests[0]!;
      expect(got.verified).toBe(true);
      expect(got.id).toMatch(/^msg_/);
      expect(got.body).toEqual({
        type: 'RECORD_ADDED', timestamp: penalty.at,
        data: expect.objectContaining({ id: String(penalty.seq), subject: BOOK[3], category: 'PENALTIES', recordId: 'pen-signed' }),
      });
      // The webhook lists no secret; the delivery log has the message as delivered.
      // The receiver answers before the dispatcher records the answer: wait for the log to say so.
      let log: { id: string; status: string; attempts: number; eventId: string }[] = [];
      for (let i = 0; i < 50 && log[0]?.status !== 'DELIVERED'; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 50));
        log = data(await sg.query('query($w: ID) { webhookDeliveries(webhookId: $w) { id status attempts eventId } }', { w: hookId }, BANK), 'webhookDeliveries');
      }
      expect(log).toEqual([{ id: got.id, status: 'DELIVERED', attempts: 1, eventId: String(penalty.seq) }]);
    });

    it('retries a receiver that is down with the same webhook-id until it is back, and each event is accepted once', async () => {
      receiver.failWith = 503;
      const before = receiver.accepted.size;
      const batch = BOOK.slice(4, 9).map((u) => event(u));
      await matchEvents(sg.db, batch, new Date(), 60_000);
      // Until each of the five has been refused at least twice (a retry, with its id).
      const refusedOf = () => receiver.requests.filter((q) => !receiver.accepted.has(q.id));
      const tries = () => [...new Set(refusedOf().map((q) => q.id))].map((id) => refusedOf().filter((q) => q.id === id).length);
      for (let i = 0; i < 200 && !(tries().length === 5 && tries().every((t) => t >= 2)); i++) await new Promise((r) => setTimeout(r, 50));
      const refused = refusedOf();
      expect(tries()).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)]);
      expect(tries().every((t) => t >= 2)).toBe(true);
      receiver.failWith = 0;
      await receiver.waitForAccepted(before + 5);
      const ids = new Set(refused.map((q) => q.id));
      expect([...ids].every((id) => receiver.accepted.has(id))).toBe(true);
      const seqs = receiver.requests.filter((q) => ids.has(q.id)).map((q) => (q.body as { data: { id: string } }).data.id);
      expect(new Set(seqs)).toEqual(new Set(batch.map((e) => String(e.seq))));
      expect(receiver.requests.every((q) => q.verified)).toBe(true);
    });

    it('lets a message die after its retry window and replays the dead letter with the same id', async () => {
      receiver.failWith = 500;
      await matchEvents(sg.db, [event(BOOK[10]!)], new Date(), 150);
      let dead: { id: string }[] = [];
      for (let i = 0; i < 200 && dead.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        dead = data(await sg.query('{ webhookDeliveries(status: DEAD) { id lastStatus } }', {}, BANK), 'webhookDeliveries');
      }
      expect(dead).toEqual([{ id: expect.stringMatching(/^msg_/), lastStatus: 500 }]);
      receiver.failWith = 0;
      const replayed = data<{ status: string }>(await sg.query('mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }', { id: dead[0]!.id }, BANK), 'replayWebhookDelivery');
      expect(replayed.status).toBe('PENDING');
      await receiver.waitForAccepted(receiver.accepted.size + (receiver.accepted.has(dead[0]!.id) ? 0 : 1));
      expect(receiver.accepted.has(dead[0]!.id)).toBe(true);
      // Another institution cannot replay it.
      expect(reasonOf(await sg.query('mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }', { id: dead[0]!.id }, OTHER))).toEqual(['NOT_FOUND', undefined]);
    });

    it('rotates the secret: the next deliveries verify with the new secret only', async () => {
      const rotated = data<{ secret: string }>(await sg.query('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id: hookId }, BANK), 'rotateWebhookSecret');
      const old = receiver.secret;
      receiver.secret = rotated.secret;
      expect(rotated.secret).not.toBe(old);
      const n = receiver.accepted.size;
      await matchEvents(sg.db, [event(BOOK[11]!)], new Date(), 60_000);
      await receiver.waitForAccepted(n + 1);
      expect(receiver.requests[receiver.requests.length - 1]!.verified).toBe(true);
    });

    it('sends nothing to a suspended institution: its messages are suppressed', async () => {
      await setInstitutionStatus(sg.db, 'inst-bank', 'SUSPENDED');
      const n = receiver.requests.length;
      const e = event(BOOK[12]!);
      await matchEvents(sg.db, [e], new Date(), 60_000);
      let status = 'PENDING';
      for (let i = 0; i < 50 && status === 'PENDING'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = (await sg.db.prisma.webhookDelivery.findFirst({ where: { seq: e.seq } }))!.status;
      }
      expect(status).toBe('SUPPRESSED');
      expect(receiver.requests.length).toBe(n);
      await setInstitutionStatus(sg.db, 'inst-bank', 'ACTIVE');
    });

    it.each([
      ['loopback not in the allowlist', 'http://[::1]:9/x'],
      ['a private address', 'http://10.0.0.1/x'],
      ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data'],
      ['Alibaba Cloud metadata', 'http://100.100.100.200/latest'],
      ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.2]/x'],
      ['a URL with credentials', 'http://user:pw@127.0.0.1:9/x'],
      ['another scheme', 'ftp://127.0.0.1/x'],
    ])('refuses to register %s', async (_what, url) => {
      expect(reasonOf(await sg.query(REGISTER, { url }, OTHER))).toEqual(['BAD_USER_INPUT', 'WEBHOOK_URL']);
    });

    it('checks the address again at delivery and connects to nothing refused', async () => {
      // A webhook whose address became forbidden after registration (a row as if DNS now pointed elsewhere).
      await sg.db.prisma.webhook.create({ data: { id: 'hook-rebound', institutionId: 'inst-other', url: 'http://[::1]:9/x', events: '', secret: 'whsec_AAAA', createdAt: new Date() } });
      await matchEvents(sg.db, [event(uscc(901))], new Date(), 60_000);
      let row = null;
      for (let i = 0; i < 50 && !row?.lastError; i++) {
        await new Promise((r) => setTimeout(r, 50));
        row = await sg.db.prisma.webhookDelivery.findFirst({ where: { webhookId: 'hook-rebound' } });
      }
      expect(row?.lastError).toMatch(/::1 is a loopback, private/);
      await sg.db.prisma.webhookDelivery.deleteMany({ where: { webhookId: 'hook-rebound' } });
      await sg.db.prisma.webhook.delete({ where: { id: 'hook-rebound' } });
    });

    it('keeps a slow receiver from delaying another: the fast one is served while the slow one still has messages waiting', async () => {
      const slow = await startReceiver();
      try {
        slow.delayMs = 1000;
        const reg = data<{ secret: string }>(await sg.query(REGISTER, { url: slow.url }, OTHER), 'registerWebhook');
        slow.secret = reg.secret;
        const many = Array.from({ length: 40 }, () => event(uscc(901)));
        await matchEvents(sg.db, many, new Date(), 60_000);
        await slow.waitForAccepted(1);
        const n = receiver.accepted.size;
        await matchEvents(sg.db, [event(BOOK[13]!)], new Date(), 60_000);
        await receiver.waitForAccepted(n + 1);
        expect(slow.accepted.size).toBeLessThan(40);
      } finally {
        await slow.close();
      }
    });
  });

  describe('a watch\'s start', () => {
    const WATCH = 'mutation($s: [ID!]!, $e: [MonitoredEvent!]) { watch(subjects: $s, events: $e) { total } }';
    const watch = async (subject: string, events?: ChangeEventType[]) => data(await sg.query(WATCH, { s: [subject], e: events ?? null }, BANK), 'watch');
    const began = async (subject: string) =>
      (await sg.db.prisma.watch.findUniqueOrThrow({ where: { institutionId_subject: { institutionId: 'inst-bank', subject } } })).createdAt;
    const shifted = (d: Date, ms: number) => new Date(d.getTime() + ms);
    const pause = () => new Promise((r) => setTimeout(r, 5));
    let cursor: string;
    /** What the bank was told of `subject` since `cursor`: its feed, and the messages queued for its webhook (RECORD_ADDED). */
    async function toldOf(subject: string): Promise<{ feed: string[]; webhook: string[] }> {
      const page = data<{ events: { subject: string; recordId: string }[] }>(await sg.query(FEED, { since: cursor, first: 1000 }, BANK), 'changes');
      const sent = await sg.db.prisma.webhookDelivery.findMany({ where: { institutionId: 'inst-bank', seq: { gt: Number(cursor) } }, select: { seq: true } });
      const changes = await sg.db.prisma.monitoredChange.findMany({ where: { seq: { in: sent.map((m) => m.seq) }, subject }, orderBy: { seq: 'asc' } });
      return { feed: page.events.filter((e) => e.subject === subject).map((e) => e.recordId), webhook: changes.map((c) => c.recordId!) };
    }

    beforeAll(async () => {
      cursor = data<{ cursor: string }>(await sg.query(FEED, {}, BANK), 'changes').cursor;
      // A webhook of these tests' own (the bank's of the tests above may be absent when these run alone).
      data(await sg.query(REGISTER, { url: receiver.url, events: ['RECORD_ADDED'] }, BANK), 'registerWebhook');
    });

    it('never tells a watch of a change recorded before it began, however late the matcher reads it; from the instant it began on, it does', async () => {
      const subject = uscc(600);
      await watch(subject);
      const start = await began(subject);
      // All four read only now, after the watch began: the matcher was behind.
      await matchEvents(sg.db, [
        event(subject, 'RECORD_ADDED', 'pen-last-month', shifted(start, -30 * 86_400_000)),
        event(subject, 'RECORD_ADDED', 'pen-just-before', shifted(start, -1)),
        event(subject, 'RECORD_ADDED', 'pen-at-start', start),
        event(subject, 'RECORD_ADDED', 'pen-after', shifted(start, 1)),
      ], new Date(), 60_000);
      expect(await toldOf(subject)).toEqual({ feed: ['pen-at-start', 'pen-after'], webhook: ['pen-at-start', 'pen-after'] });
    });

    it('gives the same feed whether the matcher read an earlier change before the watch began or only after', async () => {
      const [prompt, late] = [uscc(601), uscc(602)];
      const yesterday = shifted(new Date(), -86_400_000);
      await matchEvents(sg.db, [event(prompt, 'RECORD_ADDED', 'old-prompt', yesterday)], new Date(), 60_000);
      const oldLate = event(late, 'RECORD_ADDED', 'old-late', yesterday);
      await watch(prompt);
      await watch(late);
      await matchEvents(sg.db, [oldLate, event(prompt, 'RECORD_ADDED', 'new-prompt'), event(late, 'RECORD_ADDED', 'new-late')], new Date(), 60_000);
      expect(await toldOf(prompt)).toEqual({ feed: ['new-prompt'], webhook: ['new-prompt'] });
      expect(await toldOf(late)).toEqual({ feed: ['new-late'], webhook: ['new-late'] });
    });

    it('begins anew when a subject is unwatched and watched again: nothing recorded before the new start reaches it', async () => {
      const subject = uscc(603);
      await watch(subject);
      // Recorded while the first watch stood, but not read before it ended.
      const whileWatched = event(subject, 'RECORD_ADDED', 'while-watched', shifted(await began(subject), 1));
      expect(data(await sg.query('mutation($s: [ID!]!) { unwatch(subjects: $s) }', { s: [subject] }, BANK), 'unwatch')).toBe(1);
      const gap = event(subject, 'RECORD_ADDED', 'while-unwatched');
      await pause();
      await watch(subject);
      const again = await began(subject);
      expect(again.getTime()).toBeGreaterThan(Date.parse(gap.at));
      await matchEvents(sg.db, [whileWatched, gap, event(subject, 'RECORD_ADDED', 'after-rewatch', shifted(again, 1))], new Date(), 60_000);
      expect(await toldOf(subject)).toEqual({ feed: ['after-rewatch'], webhook: ['after-rewatch'] });
    });

    it('keeps a watch\'s start when the subject is watched again with other event types: a change recorded in between reaches it by its new types', async () => {
      const subject = uscc(604);
      await watch(subject, ['RECORD_REPAIRED']);
      const start = await began(subject);
      const objection = event(subject, 'OBJECTION_FLAGGED', 'obj-between', shifted(start, 1));
      await pause();
      await watch(subject, ['OBJECTION_FLAGGED', 'RECORD_REPAIRED']);
      expect(await began(subject)).toEqual(start);
      await matchEvents(sg.db, [objection], new Date(), 60_000);
      // The webhook asks for RECORD_ADDED only: the objection goes by the feed alone.
      expect(await toldOf(subject)).toEqual({ feed: ['obj-between'], webhook: [] });
    });

    it('withholds a record repaired before the watch began, while nobody watched, when it is corrected afterwards', async () => {
      const subject = uscc(605);
      // The matcher reads the repair at once: nobody watches the subject yet.
      await matchEvents(sg.db, [event(subject, 'RECORD_REPAIRED', 'pen-repaired-early', shifted(new Date(), -1000))], new Date(), 60_000);
      await watch(subject);
      const start = await began(subject);
      await matchEvents(sg.db, [
        event(subject, 'RECORD_UPDATED', 'pen-repaired-early', shifted(start, 1)), event(subject, 'RECORD_ADDED', 'pen-new', shifted(start, 2)),
      ], new Date(), 60_000);
      expect(await toldOf(subject)).toEqual({ feed: ['pen-new'], webhook: ['pen-new'] });
    });
  });
});
