/**
 * Monitoring and the catalogue's disclosure attribute (issue 13), with a platform catalogue
 * (CATALOGUE_FILE) making penalties CONDITIONAL and adding a SELF_ONLY penalty item: a bank hears
 * of neither, in its feed or by webhook; a government institution hears of the CONDITIONAL one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../lib/caller.ts';
import type { ChangeEventType } from '../../../lib/change-log.ts';
import { makeUscc } from '../../../lib/identifiers/uscc.ts';
import { startTestSubgraph, type TestSubgraph } from '../../../tests/support/subgraph.ts';
import type { RunningSubgraph } from '../../../lib/subgraph.ts';
import { restrictedCatalogueFile, RESTRICTED_ITEMS } from '../../enterprise/test-support.ts';
import type { Db } from '../db/client.ts';
import { createInstitution } from '../db/institutions.ts';
import { startSubgraph } from '../main.ts';
import { matchEvents, type LogEvent } from './matcher.ts';
import { startReceiver, type Receiver } from './test-receiver.ts';

const SECRET = 'test-caller-signing-secret-0123456789abcdef';
const as = (id: string, institutionKind: 'FINANCIAL' | 'GOVERNMENT'): Principal =>
  ({ kind: 'INSTITUTION', institutionId: id, institutionKind, institutionName: id, scopes: [] });
const BANK = as('inst-bank', 'FINANCIAL');
const GOVERNMENT = as('inst-gov', 'GOVERNMENT');
const SUBJECT = makeUscc({ authority: '9', orgType: '1', regionCode: '330500', orgCodeBody: 'MA000001' });
const [CONDITIONAL] = RESTRICTED_ITEMS.conditional;
const [SELF_ONLY] = RESTRICTED_ITEMS.selfOnly;

let seq = 0;
/** A change recorded now: after the watches began, so only disclosure decides who hears of it. */
function event(recordId: string, itemCode: string, type: ChangeEventType = 'RECORD_ADDED'): LogEvent {
  seq += 1;
  return {
    seq, at: new Date().toISOString(), type, subjectKind: 'LEGAL_PERSON', subject: SUBJECT,
    category: 'PENALTIES', recordType: 'AdministrativePenalty', recordId, itemCode, departmentCode: 'SCJG', version: 1,
    source: 'COLLECTION', detail: null,
  };
}

type Sg = TestSubgraph<RunningSubgraph<Db>>;
let sg: Sg;
let receiver: Receiver;
const data = <T>(r: { body: { data?: Record<string, unknown> | null; errors?: unknown } }, field: string): T => {
  if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
  return r.body.data![field] as T;
};

beforeAll(async () => {
  receiver = await startReceiver();
  sg = await startTestSubgraph({
    subgraph: 'platform', start: startSubgraph as never, secret: SECRET,
    env: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_RETRY_BASE_MS: '50', CATALOGUE_FILE: restrictedCatalogueFile() },
  }) as Sg;
  await createInstitution(sg.db, { id: 'inst-bank', name: 'bank', kind: 'FINANCIAL' });
  await createInstitution(sg.db, { id: 'inst-gov', name: 'gov', kind: 'GOVERNMENT' });
  for (const p of [BANK, GOVERNMENT]) {
    data(await sg.query('mutation($s: [ID!]!) { watch(subjects: $s) { watched } }', { s: [SUBJECT] }, p), 'watch');
  }
  const reg = data<{ secret: string }>(await sg.query(
    'mutation($url: String!) { registerWebhook(url: $url, events: [RECORD_ADDED]) { secret } }', { url: receiver.url }, BANK), 'registerWebhook');
  receiver.secret = reg.secret;
  await matchEvents(sg.db, [
    event('pen-cond', CONDITIONAL), event('pen-self', SELF_ONLY), event('pen-self', SELF_ONLY, 'RECORD_WITHDRAWN'), event('pen-pub', 'FR-XK-001'),
  ], new Date(), 60_000);
}, 120_000);
afterAll(async () => {
  await sg?.close();
  await receiver?.close();
});

const FEED = 'query { changes(first: 100) { events { type recordId } } }';
const feedOf = async (p: Principal) => data<{ events: { type: string; recordId: string }[] }>(await sg.query(FEED, {}, p), 'changes').events;

describe('monitoring of restricted catalogue items', () => {
  it('gives a bank neither CONDITIONAL nor SELF_ONLY records in its feed, not even that one ended', async () => {
    expect(await feedOf(BANK)).toEqual([{ type: 'RECORD_ADDED', recordId: 'pen-pub' }]);
  });

  it('gives a government institution the CONDITIONAL record, not the SELF_ONLY one', async () => {
    expect((await feedOf(GOVERNMENT)).map((e) => e.recordId)).toEqual(['pen-cond', 'pen-pub']);
  });

  it('delivers a bank\'s webhook the public record only, the others suppressed', async () => {
    await receiver.waitForAccepted(1);
    let log: { status: string }[] = [];
    for (let i = 0; i < 100 && (log.length < 3 || log.some((d) => d.status === 'PENDING')); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      log = data(await sg.query('{ webhookDeliveries { status } }', {}, BANK), 'webhookDeliveries');
    }
    expect(log.map((d) => d.status).sort()).toEqual(['DELIVERED', 'SUPPRESSED', 'SUPPRESSED']);
    expect(receiver.requests.map((q) => (q.body as { data: { recordId: string } }).data.recordId)).toEqual(['pen-pub']);
  });
});
