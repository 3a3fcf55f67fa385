/**
 * Credit reports with the enterprise database on PostgreSQL (skipped where no PostgreSQL binaries
 * are installed): numbers taken concurrently stay unique, the stored report round-trips, and a
 * change after issue supersedes it, as on SQLite.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../lib/caller.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../../tests/support/postgres.ts';
import { insertArchive } from '../db/index.ts';
import { archiveRows, enterpriseRow, institution, mergeArchives, movableClock, uscc } from '../test-support.ts';
import { startReportDesk, type ReportDesk } from './test-support.ts';

const maybe = postgresAvailable() ? describe : describe.skip;
const issuer = { ...institution('CREDIT_SERVICE'), scopes: ['reports:issue'] } as Principal;

maybe('credit reports on PostgreSQL', () => {
  const clock = movableClock('2025-06-15T10:00:00+08:00');
  let pg: PostgresInstance;
  let desk: ReportDesk;

  beforeAll(async () => {
    pg = await startPostgres();
    desk = await startReportDesk({ now: clock.now, postgresUrl: await pg.createDatabase('enterprise_reports') });
    await insertArchive(desk.sg.db, mergeArchives({ enterprises: [enterpriseRow(1)] }, archiveRows(uscc(1), 'a')));
  }, 120_000);
  afterAll(async () => {
    await desk?.close();
    await pg?.stop();
  });

  it('numbers concurrent reports uniquely, stores them as signed and verifies them; a correction supersedes them', async () => {
    const issue = () => desk.sg.query(issuer, `mutation($s: ID!) { issueCreditReport(subject: $s, purpose: FINANCING) { number digest json issuedAt } }`, { s: uscc(1) });
    const replies = await Promise.all(Array.from({ length: 8 }, issue));
    const reports = replies.map((r) => r.body.data!.issueCreditReport as { number: string; digest: string; json: string; issuedAt: string });
    expect(new Set(reports.map((r) => r.number)).size).toBe(8);
    for (const r of reports) expect(createHash('sha256').update(r.json).digest('hex')).toBe(r.digest);
    expect(reports[0]!.issuedAt).toBe('2025-06-15T02:00:00.000Z');
    const verifyQuery = `query($n: String!, $d: String!) { verifyCreditReport(number: $n, digest: $d) { valid superseded changes { reason section recordId } } }`;
    const check = async () => (await desk.sg.query(issuer, verifyQuery, { n: reports[3]!.number, d: reports[3]!.digest })).body.data?.verifyCreditReport;
    expect(await check()).toEqual({ valid: true, superseded: false, changes: [] });
    await desk.sg.db.prisma.administrativePenalty.update({ where: { id: 'a-pen' }, data: { amount: 4000 } });
    expect(await check()).toEqual({ valid: true, superseded: true, changes: [{ reason: 'CORRECTED', section: 'penalties', recordId: 'a-pen' }] });
  });
});
