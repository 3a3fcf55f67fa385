import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInstitution } from '../../subgraphs/platform/db/institutions.ts';
import { hourlyUsage } from '../../subgraphs/platform/db/usage.ts';
import { summarize, usageRange } from '../../subgraphs/platform/usage-report.ts';
import { csvField } from './usage.ts';
import { startTestCli, type TestCli } from './test-support.ts';

let cli: TestCli;
const ODD = 'inst,"odd"'; // an id that needs RFC 4180 quoting

beforeAll(async () => {
  cli = await startTestCli();
  await createInstitution(cli.db, { id: 'inst-bank', name: '甲商业银行', kind: 'FINANCIAL' });
  await createInstitution(cli.db, { id: 'inst-quiet', name: '乙银行', kind: 'FINANCIAL' });
  const row = (institutionId: string, at: string, requests: number, archivePulls = 0, personRecordPulls = 0, rejected = 0, cachedRequests = 0, reports = 0) =>
    ({ institutionId, hourStart: new Date(at), requests, archivePulls, personRecordPulls, rejected, totalLatencyMs: requests * 10, cachedRequests, reports });
  await cli.db.prisma.usageBucket.createMany({
    data: [
      row('inst-bank', '2026-02-28T16:00:00Z', 2, 1), // 1 Mar 00:00 CST
      row('inst-bank', '2026-03-01T15:00:00Z', 3, 0, 2, 0, 1, 2), // 1 Mar 23:00 CST: 1 answered from the cache, 2 reports issued
      row('inst-bank', '2026-03-01T16:00:00Z', 5, 4, 0, 1), // 2 Mar 00:00 CST
      row('inst-bank', '2026-03-31T16:00:00Z', 11, 3), // 1 Apr 00:00 CST
      row(ODD, '2026-03-01T02:00:00Z', 7),
    ],
  });
});
afterAll(async () => { await cli?.close(); });

const HEADER = 'institution_id,bucket_start_cst,requests,archive_pulls,person_record_pulls,rejected,cached_requests,reports\r\n';

describe('usage export', () => {
  it('writes one CSV row per institution and CST day, empty days included, CRLF line ends and quoted fields', async () => {
    const res = await cli.run(['usage', 'export', '--from', '2026-03-01', '--to', '2026-03-03']);
    expect(res).toEqual({
      code: 0, err: '',
      out: HEADER + // by institution id (',' sorts before '-'), then bucket
        '"inst,""odd""",2026-03-01T00:00:00+08:00,7,0,0,0,0,0\r\n' +
        '"inst,""odd""",2026-03-02T00:00:00+08:00,0,0,0,0,0,0\r\n' +
        'inst-bank,2026-03-01T00:00:00+08:00,5,1,2,0,1,2\r\n' +
        'inst-bank,2026-03-02T00:00:00+08:00,5,4,0,1,0,0\r\n',
    });
  });

  it('buckets MONTHs in CST and exports one institution, even one without usage', async () => {
    const bank = await cli.run(['usage', 'export', '--from', '2026-03-01T00:00:00+08:00', '--to', '2026-04-30T00:00:00+08:00', '--granularity', 'month', '--institution', 'inst-bank']);
    expect(bank.out).toBe(`${HEADER}inst-bank,2026-03-01T00:00:00+08:00,10,5,2,1,1,2\r\ninst-bank,2026-04-01T00:00:00+08:00,11,3,0,0,0,0\r\n`);
    const quiet = await cli.run(['usage', 'export', '--from', '2026-03-01', '--to', '2026-03-02', '--institution', 'inst-quiet']);
    expect(quiet.out).toBe(`${HEADER}inst-quiet,2026-03-01T00:00:00+08:00,0,0,0,0,0,0\r\n`);
  });

  it('exports the same buckets as the GraphQL report (one bucketing module)', async () => {
    const from = new Date('2026-02-20T00:00:00Z');
    const to = new Date('2026-04-10T00:00:00Z');
    const res = await cli.run(['usage', 'export', '--from', from.toISOString(), '--to', to.toISOString(), '--institution', 'inst-bank']);
    const range = usageRange(from, to, 'DAY');
    const report = summarize(range, await hourlyUsage(cli.db, { institutionId: 'inst-bank', from: range.from, to: range.to }));
    const rows = res.out.split('\r\n').slice(1, -1).map((line) => line.split(',').slice(2).map(Number));
    expect(rows).toEqual(report.buckets.map((b) => [b.requests, b.archivePulls, b.personRecordPulls, b.rejected, b.cachedRequests, b.reports]));
    expect(rows.reduce((s, r) => s + r[0]!, 0)).toBe(report.requests);
    expect(report.requests).toBe(21);
  });

  it('writes --out files byte for byte as stdout would, with a note on stderr, leaving out institutions without usage', async () => {
    const file = join(cli.dir, 'usage.csv');
    const args = ['usage', 'export', '--from', '2026-03-01T15:00:00Z', '--to', '2026-03-01T17:00:00Z', '--granularity', 'HOUR'];
    const res = await cli.run([...args, '--out', file]);
    expect(res).toEqual({ code: 0, out: '', err: `wrote 2 rows (HOUR, 2026-03-01T23:00:00+08:00 to 2026-03-02T01:00:00+08:00) to ${file}\n` });
    expect(readFileSync(file, 'utf8')).toBe((await cli.run(args)).out);
    expect(readFileSync(file, 'utf8')).toBe(HEADER +
      'inst-bank,2026-03-01T23:00:00+08:00,3,0,2,0,1,2\r\ninst-bank,2026-03-02T00:00:00+08:00,5,4,0,1,0,0\r\n');
  });

  it.each<[string, string[], number, string]>([
    ['to before from', ['--from', '2026-03-02', '--to', '2026-03-01'], 64, 'error: to must be after from; got from 2026-03-01T16:00:00.000Z, to 2026-02-28T16:00:00.000Z (USAGE_RANGE)'],
    ['over 366 days', ['--from', '2026-01-01', '--to', '2027-01-03'], 64, '(USAGE_RANGE)'],
    ['over 31 days of HOUR', ['--from', '2026-01-01', '--to', '2026-02-02', '--granularity', 'HOUR'], 64, 'error: a HOUR report spans at most 31 days'],
    ['a local time without its zone', ['--from', '2026-03-01T00:00', '--to', '2026-03-02'], 64, 'error: --from must be a date'],
    ['a missing --to', ['--from', '2026-03-01'], 64, 'error: --to is required'],
    ['an unknown granularity', ['--from', '2026-03-01', '--to', '2026-03-02', '--granularity', 'WEEK'], 64, 'error: --granularity must be one of HOUR, DAY, MONTH; got "WEEK"'],
    ['an unknown institution', ['--from', '2026-03-01', '--to', '2026-03-02', '--institution', 'inst-none'], 1, 'error: No institution with id inst-none.'],
  ])('refuses %s with a clear message and no CSV', async (_what, args, code, message) => {
    expect(await cli.run(['usage', 'export', ...args])).toEqual({ code, out: '', err: expect.stringContaining(message) });
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'], ['a,b', '"a,b"'], ['say "hi"', '"say ""hi"""'], ['two\nlines', '"two\nlines"'], ['cr\r', '"cr\r"'], [42, '42'],
  ] as const)('writes %j as %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});
