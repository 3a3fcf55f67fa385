/**
 * Persons in monitoring (issue 14), with the real person and platform subgraphs: the platform
 * follows the person subgraph's change log (GET /changes), asks it at `watch` whether a consent
 * covers monitoring, and at every delivery (feed and webhook) whether it still does, the person
 * subgraph writing each delivered event to the person's access log. On SQLite and (where installed)
 * PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../lib/caller.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../../tests/support/postgres.ts';
import { startTestSubgraph, type TestSubgraph } from '../../../tests/support/subgraph.ts';
import type { RunningSubgraph } from '../../../lib/subgraph.ts';
import type { Db } from '../db/client.ts';
import { createInstitution } from '../db/institutions.ts';
import { startSubgraph } from '../main.ts';
import { startReceiver, type Receiver } from './test-receiver.ts';
import { makeUscc } from '../../../lib/identifiers/uscc.ts';
import { matchEvents, PERSON_CONSUMER, type LogEvent } from './matcher.ts';
import {
  CALLER_SECRET, caller, gql, insertPerson, personPrincipal, startTestSubgraph as startPersonSubgraph,
  type FixturePerson, type TestPersonSubgraph,
} from '../../person/test-support.ts';
import { addJudgmentDebtorCase, addPersonPenalty } from '../../person/record-changes.ts';

const BANK: Principal = { kind: 'INSTITUTION', institutionId: 'inst-bank', institutionKind: 'FINANCIAL', institutionName: 'Bank', scopes: [] };
type Sg = TestSubgraph<RunningSubgraph<Db>>;

const FEED = 'query($since: String) { changes(since: $since, first: 100) { cursor events { id type subjectKind subject category recordType recordId } } }';
const WATCH = 'mutation($s: [ID!]!) { watch(subjects: $s) { watched total } }';
const GRANT = `mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id monitoring active } }`;
const reasonOf = (r: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
  [r.body.errors?.[0]?.extensions?.code, r.body.errors?.[0]?.extensions?.reason];

const providers = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;

describe.each(providers)('persons in monitoring on %s', (provider) => {
  let pg: PostgresInstance | undefined;
  let person: TestPersonSubgraph;
  let platform: Sg;
  let receiver: Receiver;
  let watched: FixturePerson;
  let noConsent: FixturePerson;
  let notForMonitoring: FixturePerson;
  let consentId: string;
  let caseNo = 0;
  /** The feed as the bank saw it while the consent stood. */
  let feedSeen = '';

  const grant = async (who: FixturePerson, monitoring: boolean) => {
    const r = await gql(person.url, caller(personPrincipal(who.id)), GRANT, { i: {
      institutionId: 'inst-bank', purpose: 'CREDIT_EASY_LOAN', categories: ['JUDGMENT_DEBTOR', 'PENALTIES'],
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), monitoring,
    } });
    expect(r.body.errors).toBeUndefined();
    return r.body.data!.grantConsent as { id: string; monitoring: boolean; active: boolean };
  };
  const newCase = (who: FixturePerson) => {
    caseNo += 1;
    return addJudgmentDebtorCase(person.db, {
      id: `jd-${provider}-${caseNo}`, personId: who.id, caseNumber: `(2026)浙0102执${caseNo}号`, court: 'District Court',
      obligation: 'repay 80000 yuan', listedOn: '2026-12-01', removedOn: null,
    }, new Date());
  };
  /** The bank's feed after `since`, once it holds `n` events (the follower long-polls the person log). */
  async function feedOnce(since: string, n: number) {
    let page: { cursor: string; events: Record<string, string>[] } = { cursor: since, events: [] };
    for (let i = 0; i < 100; i++) {
      const r = await platform.query(FEED, { since }, BANK);
      expect(r.body.errors).toBeUndefined();
      page = r.body.data!.changes as typeof page;
      if (page.events.length >= n) return page;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return page;
  }

  beforeAll(async () => {
    pg = provider === 'postgresql' ? await startPostgres() : undefined;
    receiver = await startReceiver();
    person = await startPersonSubgraph({ postgresUrl: pg ? await pg.createDatabase('persons_person') : undefined });
    platform = await startTestSubgraph({
      subgraph: 'platform', start: startSubgraph as never, secret: CALLER_SECRET,
      postgresUrl: pg ? await pg.createDatabase('persons_platform') : undefined,
      env: { PERSON_URL: `${person.url}`, WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_RETRY_BASE_MS: '50' },
    }) as Sg;
    await createInstitution(platform.db, { id: 'inst-bank', name: 'Bank', kind: 'FINANCIAL' });
    watched = await insertPerson(person.db, '王小明');
    noConsent = await insertPerson(person.db, '李四');
    notForMonitoring = await insertPerson(person.db, '赵五');
    const consent = await grant(watched, true);
    expect(consent).toMatchObject({ monitoring: true, active: true });
    consentId = consent.id;
    expect((await grant(notForMonitoring, false)).monitoring).toBe(false);
    const reg = await platform.query('mutation($url: String!) { registerWebhook(url: $url) { secret } }', { url: receiver.url }, BANK);
    receiver.secret = (reg.body.data!.registerWebhook as { secret: string }).secret;
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await person?.close();
    await receiver?.close();
    await pg?.stop();
  });

  it('refuses to watch a person without a consent covering monitoring (FORBIDDEN, NO_MONITORING_CONSENT)', async () => {
    expect(reasonOf(await platform.query(WATCH, { s: [noConsent.idNumber] }, BANK))).toEqual(['FORBIDDEN', 'NO_MONITORING_CONSENT']);
    // A consent for reading is not one for monitoring.
    expect(reasonOf(await platform.query(WATCH, { s: [notForMonitoring.idNumber] }, BANK))).toEqual(['FORBIDDEN', 'NO_MONITORING_CONSENT']);
    // The whole call is refused: the consented person in it is not watched either.
    expect(reasonOf(await platform.query(WATCH, { s: [watched.idNumber, noConsent.idNumber] }, BANK))).toEqual(['FORBIDDEN', 'NO_MONITORING_CONSENT']);
    expect(await platform.db.prisma.watch.count()).toBe(0);
  });

  it('watches a consenting person by ID number, stored by the person id, and delivers a new judgment-debtor case by feed and signed webhook', async () => {
    const start = (await platform.query(FEED, {}, BANK)).body.data!.changes as { cursor: string };
    expect((await platform.query(WATCH, { s: [watched.idNumber] }, BANK)).body.data!.watch).toEqual({ watched: 1, total: 1 });
    expect(await platform.db.prisma.watch.findMany({ select: { subject: true } })).toEqual([{ subject: watched.id }]);

    await newCase(watched);
    const page = await feedOnce(start.cursor, 2);
    feedSeen = JSON.stringify(page);
    expect(page.events.map(({ id: _id, ...e }) => e)).toEqual([
      { type: 'RECORD_ADDED', subjectKind: 'NATURAL_PERSON', subject: watched.id, category: 'JUDGMENT_DEBTOR', recordType: 'JudgmentDebtorCase', recordId: `jd-${provider}-1` },
      { type: 'JUDGMENT_DEBTOR_LISTED', subjectKind: 'NATURAL_PERSON', subject: watched.id, category: 'JUDGMENT_DEBTOR', recordType: 'JudgmentDebtorCase', recordId: `jd-${provider}-1` },
    ]);
    await receiver.waitForAccepted(2);
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    expect(receiver.requests.map((r) => (r.body as { type: string }).type).sort()).toEqual(['JUDGMENT_DEBTOR_LISTED', 'RECORD_ADDED']);
  });

  it('writes every delivered person event to the person\'s access log, on the consent it rests on', async () => {
    const log = await person.db.prisma.accessLogEntry.findMany({ where: { personId: watched.id } });
    // Both events, read by the feed and sent by webhook: logged once (issue 14), in one row or in one per channel when they raced.
    expect(log.length).toBeGreaterThanOrEqual(1);
    for (const entry of log) {
      expect(entry).toMatchObject({
        accessorKind: 'INSTITUTION', institutionId: 'inst-bank', categories: 'JUDGMENT_DEBTOR', basis: 'CONSENT',
        consentId, purpose: 'CREDIT_EASY_LOAN',
      });
    }
    // The person sees it in their own access log.
    const mine = await gql(person.url, caller(personPrincipal(watched.id)),
      'query($n: String!) { person(idNumber: $n) { accessLog { edges { node { institutionId basis categories } } } } }', { n: watched.idNumber });
    const edges = (mine.body.data!.person as { accessLog: { edges: { node: Record<string, unknown> }[] } }).accessLog.edges;
    expect(edges.map((e) => e.node)).toContainEqual({ institutionId: 'inst-bank', basis: 'CONSENT', categories: ['JUDGMENT_DEBTOR'] });
  });

  it('logs each person event once per institution: reading the feed again, or after the webhook, adds no row', async () => {
    const rows = () => person.db.prisma.accessLogEntry.count({ where: { personId: watched.id, institutionId: 'inst-bank' } });
    const before = await rows();
    for (let i = 0; i < 3; i++) {
      const page = (await platform.query(FEED, {}, BANK)).body.data!.changes as { events: { subject: string }[] };
      expect(page.events.filter((e) => e.subject === watched.id)).toHaveLength(2);
    }
    expect(await rows()).toBe(before);
    // A second case (RECORD_ADDED; the person is listed already): by webhook first (logged then), and a feed read after adds nothing.
    const start = ((await platform.query(FEED, {}, BANK)).body.data!.changes as { cursor: string }).cursor;
    const accepted = receiver.accepted.size;
    await newCase(watched);
    await receiver.waitForAccepted(accepted + 1);
    const afterWebhook = await rows();
    expect(afterWebhook).toBeGreaterThan(before);
    expect((await feedOnce(start, 1)).events).toHaveLength(1);
    expect(await rows()).toBe(afterWebhook);
  });

  it('stops delivering the events of a case withdrawn by an upheld objection, feed and webhook, and delivers the withdrawal', async () => {
    const start = ((await platform.query(FEED, {}, BANK)).body.data!.changes as { cursor: string }).cursor;
    receiver.failWith = 503; // the case's messages wait for a retry
    await newCase(watched);
    const caseId = `jd-${provider}-${caseNo}`;
    expect((await feedOnce(start, 1)).events.map((e) => [e.type, e.recordId])).toEqual([['RECORD_ADDED', caseId]]);
    const filed = await gql(person.url, caller(personPrincipal(watched.id)), 'mutation($r: ID!) { filePersonObjection(recordId: $r, reason: "已履行") { id } }', { r: caseId });
    const id = (filed.body.data!.filePersonObjection as { id: string }).id;
    const op = caller({ kind: 'OPERATOR', operatorId: 'op' });
    await gql(person.url, op, 'mutation($id: ID!) { routePersonObjection(id: $id) { id } }', { id });
    await gql(person.url, op, 'mutation($id: ID!) { decidePersonObjection(id: $id, decision: UPHELD, note: "核实") { status } }', { id });
    let page = await feedOnce(start, 1);
    for (let i = 0; i < 100 && !page.events.some((e) => e.type === 'RECORD_WITHDRAWN'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      page = await feedOnce(start, 1);
    }
    // What the case was is no longer told; that it ended is.
    expect(page.events.map((e) => [e.type, e.recordId])).toEqual([['OBJECTION_DECIDED', caseId], ['RECORD_WITHDRAWN', caseId]]);
    const accepted = receiver.accepted.size;
    receiver.failWith = 0;
    await receiver.waitForAccepted(accepted + 1);
    const added = await platform.db.prisma.monitoredChange.findFirst({ where: { recordId: caseId, type: 'RECORD_ADDED' } });
    let status: string | undefined;
    for (let i = 0; i < 100 && status !== 'SUPPRESSED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await platform.db.prisma.webhookDelivery.findFirst({ where: { seq: added!.seq } }))?.status;
    }
    expect(status).toBe('SUPPRESSED');
    const types = receiver.requests.filter((r) => (r.body as { data: { recordId: string } }).data.recordId === caseId && receiver.accepted.has(r.id))
      .map((r) => (r.body as { type: string }).type);
    expect(types).not.toContain('RECORD_ADDED');
    expect(types).toContain('RECORD_WITHDRAWN');
  });

  it('stops delivering at once when the consent is revoked: neither the feed nor the webhook carries the next event', async () => {
    const since = ((await platform.query(FEED, {}, BANK)).body.data!.changes as { cursor: string }).cursor;
    const before = receiver.requests.length;
    const revoked = await gql(person.url, caller(personPrincipal(watched.id)), 'mutation($id: ID!) { revokeConsent(id: $id) { active } }', { id: consentId });
    expect(revoked.body.data!.revokeConsent).toEqual({ active: false });
    await addPersonPenalty(person.db, {
      id: `pen-${provider}-after-revoke`, personId: watched.id, catalogItemCode: 'P-001', sourceDepartment: 'Market Regulation',
      documentNumber: null, decisionDate: '2026-12-05', violation: 'unlabelled goods', legalBasis: 'Art. 27', penaltyType: 'fine',
      amount: 500, publicityEndDate: null,
    }, new Date());
    // Matched (the watch stands) and queued, then suppressed at delivery.
    let status: string | undefined;
    for (let i = 0; i < 100 && status !== 'SUPPRESSED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const change = await platform.db.prisma.monitoredChange.findFirst({ where: { recordId: `pen-${provider}-after-revoke` } });
      status = change ? (await platform.db.prisma.webhookDelivery.findFirst({ where: { seq: change.seq } }))?.status : undefined;
    }
    expect(status).toBe('SUPPRESSED');
    expect(receiver.requests.length).toBe(before);
    const page = (await platform.query(FEED, { since }, BANK)).body.data!.changes as { cursor: string; events: unknown[] };
    expect(page.events).toEqual([]);
    expect(Number(page.cursor)).toBeGreaterThan(Number(since));
  });

  it('numbers both logs\' events in one feed: an enterprise event keeps its log seq where free, a person event takes the next', async () => {
    const uscc = makeUscc({ authority: '9', orgType: '1', regionCode: '330500', orgCodeBody: 'MA000777' });
    expect((await platform.query(WATCH, { s: [uscc] }, BANK)).body.errors).toBeUndefined();
    const start = ((await platform.query(FEED, {}, BANK)).body.data!.changes as { cursor: string }).cursor;
    const enterpriseEvent = (seq: number): LogEvent => ({
      seq, at: new Date().toISOString(), type: 'RECORD_ADDED', subjectKind: 'LEGAL_PERSON', subject: uscc, category: 'PENALTIES',
      recordType: 'AdministrativePenalty', recordId: `pen-e-${seq}`, itemCode: null, departmentCode: null, version: 1, source: 'COLLECTION', detail: null,
    });
    await matchEvents(platform.db, [enterpriseEvent(500)], new Date(), 60_000);
    // Past the person log's real cursor (the follower's): nothing later in this file writes to that log.
    const personEvent: LogEvent = { ...enterpriseEvent(10_000), subjectKind: 'NATURAL_PERSON', subject: watched.id, recordId: 'pen-p-1' };
    await matchEvents(platform.db, [personEvent], new Date(), 60_000, PERSON_CONSUMER);
    await matchEvents(platform.db, [enterpriseEvent(501)], new Date(), 60_000);
    const changes = await platform.db.prisma.monitoredChange.findMany({ where: { seq: { gt: Number(start) } }, orderBy: { seq: 'asc' } });
    expect(changes.map((c) => [c.seq, c.recordId])).toEqual([[500, 'pen-e-500'], [501, 'pen-p-1'], [502, 'pen-e-501']]);
    const feed = (await platform.query(FEED, { since: start }, BANK)).body.data!.changes as { events: { id: string }[] };
    expect(feed.events.map((e) => e.id)).toEqual(['500', '502']); // the person event: no consent, not delivered
  });

  it('never shows the ID number: not in the feed, the webhook bodies, or the platform\'s tables', async () => {
    const feed = feedSeen;
    const bodies = JSON.stringify(receiver.requests.map((r) => r.body));
    const tables = JSON.stringify([
      await platform.db.prisma.watch.findMany(), await platform.db.prisma.monitoredChange.findMany(),
      await person.db.prisma.changeEvent.findMany(),
    ]);
    for (const text of [feed, bodies, tables]) {
      expect(text).toContain(watched.id);
      expect(text).not.toContain(watched.idNumber);
    }
  });
});
