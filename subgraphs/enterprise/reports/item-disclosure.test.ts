/**
 * Credit reports and the catalogue's disclosure attribute (issue 13): with a platform catalogue
 * (CATALOGUE_FILE) making penalties and black-list entries CONDITIONAL and adding a SELF_ONLY item
 * of each, a report holds what its issuer may see of them, and the same rating whoever issues it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../lib/caller.ts';
import { insertArchive } from '../db/index.ts';
import {
  archiveRows, enterpriseCaller, enterpriseRow, institution, mergeArchives, movableClock, operator, restrictedCatalogueFile,
  RESTRICTED_ITEMS, uscc,
} from '../test-support.ts';
import { startReportDesk, type ReportDesk } from './test-support.ts';

const clock = movableClock('2025-06-15T10:00:00+08:00');
const A = uscc(1);
let desk: ReportDesk;

const withReports = (p: Principal): Principal => ({ ...p, scopes: ['reports:issue'] } as Principal);

beforeAll(async () => {
  desk = await startReportDesk({ now: clock.now, env: { CATALOGUE_FILE: restrictedCatalogueFile() } });
  const rows = archiveRows(A, 'a');
  const penalty = (id: string, catalogItemCode: string) => ({ ...rows.penalties[0]!, id, catalogItemCode });
  const black = (id: string, catalogItemCode: string) => ({ ...rows.listEntries[1]!, id, catalogItemCode });
  await insertArchive(desk.sg.db, mergeArchives(
    { enterprises: [enterpriseRow(1)] }, rows,
    { penalties: [penalty('a-pen-cond', RESTRICTED_ITEMS.conditional[0]), penalty('a-pen-self', RESTRICTED_ITEMS.selfOnly[0])] },
    { listEntries: [black('a-black-cond', RESTRICTED_ITEMS.conditional[1]), black('a-black-self', RESTRICTED_ITEMS.selfOnly[1])] },
  ));
});
afterAll(async () => {
  await desk?.close();
});

type Doc = { summary: Record<string, unknown>; sections: { key: string; records: { id: string }[] | null }[] };
async function reportBy(p: Principal): Promise<Doc> {
  const res = await desk.sg.query(p, `mutation($s: ID!) { issueCreditReport(subject: $s, purpose: TENDERING) { json } }`, { s: A });
  expect(res.body.errors).toBeUndefined();
  return JSON.parse((res.body.data as { issueCreditReport: { json: string } }).issueCreditReport.json) as Doc;
}
const idsIn = (doc: Doc, key: string) => doc.sections.find((s) => s.key === key)!.records!.map((r) => r.id).sort();

describe('a credit report of restricted catalogue items', () => {
  it.each([
    ['a credit service agency', withReports(institution('CREDIT_SERVICE')), ['a-pen'], ['a-black']],
    ['a government institution', withReports(institution('GOVERNMENT')), ['a-pen', 'a-pen-cond'], ['a-black', 'a-black-cond']],
    ['the enterprise itself', enterpriseCaller(A), ['a-pen', 'a-pen-cond', 'a-pen-self'], ['a-black', 'a-black-cond', 'a-black-self']],
    ['an operator', operator, ['a-pen', 'a-pen-cond', 'a-pen-self'], ['a-black', 'a-black-cond', 'a-black-self']],
  ] as const)('issued by %s holds its share of them, and the one rating', async (_who, p, penalties, blackList) => {
    const doc = await reportBy(p);
    expect(idsIn(doc, 'penalties')).toEqual(penalties);
    expect(idsIn(doc, 'blackList')).toEqual(blackList);
    const agency = await reportBy(withReports(institution('CREDIT_SERVICE')));
    expect({ score: doc.summary.ratingScore, grade: doc.summary.ratingGrade }).toEqual({ score: agency.summary.ratingScore, grade: agency.summary.ratingGrade });
    expect(doc.sections.find((s) => s.key === 'ratingIndicators')).toEqual(agency.sections.find((s) => s.key === 'ratingIndicators'));
  });
});
