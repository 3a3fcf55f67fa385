/**
 * `creditReportsIssued`: reports issued on the real report desk, listed to their issuer, their
 * subject and operators (newest first, paged by the last number), and refused to anybody else.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../lib/caller.ts';
import { insertArchive } from '../db/index.ts';
import { archiveRows, enterpriseCaller, enterpriseRow, institution, mergeArchives, movableClock, operator, uscc } from '../test-support.ts';
import { startReportDesk, type ReportDesk } from './test-support.ts';

const clock = movableClock('2025-06-15T10:00:00+08:00');
let desk: ReportDesk;
const A = uscc(1);
const B = uscc(2);
const agency = (id: string, scopes = ['reports:issue']): Principal => ({ ...institution('CREDIT_SERVICE'), institutionId: id, scopes } as Principal);
const bank = agency('inst-agency-1');

const ISSUE = `mutation($s: ID!) { issueCreditReport(subject: $s, purpose: TENDERING) { number } }`;
const ISSUED = `query($first: Int, $after: ID) { creditReportsIssued(first: $first, after: $after) { number subject subjectName purpose pdfPath } }`;

const issued = async (caller: Principal, variables: Record<string, unknown> = {}) => (await desk.sg.query(caller, ISSUED, variables)).body;
const numbers = async (caller: Principal, variables: Record<string, unknown> = {}) =>
  ((await issued(caller, variables)).data?.creditReportsIssued as { number: string }[] | null)?.map((r) => r.number);

/** Numbers of the reports issued in beforeAll, in the order they were issued (a minute apart). */
let n: { bankA: string; bankB: string; selfA: string; operatorB: string };

beforeAll(async () => {
  desk = await startReportDesk({ now: clock.now });
  await insertArchive(desk.sg.db, mergeArchives({ enterprises: [enterpriseRow(1), enterpriseRow(2)] }, archiveRows(A, 'a'), archiveRows(B, 'b')));
  const issue = async (caller: Principal, subject: string, at: string) => {
    clock.set(at);
    const body = (await desk.sg.query(caller, ISSUE, { s: subject })).body;
    expect(body.errors).toBeUndefined();
    return (body.data as { issueCreditReport: { number: string } }).issueCreditReport.number;
  };
  n = {
    bankA: await issue(bank, A, '2025-06-15T10:01:00+08:00'),
    bankB: await issue(bank, B, '2025-06-15T10:02:00+08:00'),
    selfA: await issue(enterpriseCaller(A), A, '2025-06-15T10:03:00+08:00'),
    operatorB: await issue(operator, B, '2025-06-15T10:04:00+08:00'),
  };
});
afterAll(() => desk?.close());

describe('creditReportsIssued', () => {
  it('lists an institution the reports it issued, newest first, with their paths', async () => {
    const body = await issued(bank);
    expect(body.errors).toBeUndefined();
    expect(body.data!.creditReportsIssued).toEqual([
      { number: n.bankB, subject: B, subjectName: expect.any(String), purpose: 'TENDERING', pdfPath: `/reports/${n.bankB}.pdf` },
      { number: n.bankA, subject: A, subjectName: expect.any(String), purpose: 'TENDERING', pdfPath: `/reports/${n.bankA}.pdf` },
    ]);
    await expect(numbers(agency('inst-agency-2'))).resolves.toEqual([]);
  });

  it('lists an enterprise the reports about itself, whoever issued them, and an operator all', async () => {
    await expect(numbers(enterpriseCaller(A))).resolves.toEqual([n.selfA, n.bankA]);
    await expect(numbers(enterpriseCaller(B))).resolves.toEqual([n.operatorB, n.bankB]);
    await expect(numbers(operator)).resolves.toEqual([n.operatorB, n.selfA, n.bankB, n.bankA]);
  });

  it('pages by the last number of the page before', async () => {
    await expect(numbers(operator, { first: 3 })).resolves.toEqual([n.operatorB, n.selfA, n.bankB]);
    await expect(numbers(operator, { first: 3, after: n.bankB })).resolves.toEqual([n.bankA]);
    await expect(numbers(enterpriseCaller(A), { after: n.selfA })).resolves.toEqual([n.bankA]);
    const tooMany = await issued(operator, { first: 101 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FIRST_TOO_LARGE' });
  });

  it('refuses an institution without reports:issue, persons and anonymous callers', async () => {
    for (const caller of [
      agency('inst-agency-1', []), institution('FINANCIAL'),
      { kind: 'PERSON', personId: 'p-1' }, { kind: 'ANONYMOUS' },
    ] as Principal[]) {
      const body = await issued(caller);
      expect(body.data).toEqual({ creditReportsIssued: null });
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });
});
