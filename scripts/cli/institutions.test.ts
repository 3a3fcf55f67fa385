import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestCli, type TestCli } from './test-support.ts';

let cli: TestCli;
beforeAll(async () => { cli = await startTestCli(); });
afterAll(async () => { await cli?.close(); });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('institutions', () => {
  let bankId: string;
  let govId: string;

  it('notes on stderr that no institution is registered yet, with an empty stdout', async () => {
    expect(await cli.run(['institutions', 'list'])).toEqual({ code: 0, out: '', err: 'no institutions registered\n' });
  });

  it('registers an institution with its scopes and plan and prints only its id on stdout', async () => {
    const bank = await cli.run(['institutions', 'register', '--name', '甲商业银行', '--kind', 'FINANCIAL', '--scopes', 'loans:read  person:penalties',
      '--rate', '50', '--burst', '80', '--daily', '5000', '--monthly', '100000', '--reports', '20']);
    expect(bank.code).toBe(0);
    bankId = bank.out.trim();
    expect(bankId).toMatch(UUID);
    expect(bank.err).toBe(`registered FINANCIAL institution "甲商业银行" (50/s burst 80, day 5000, month 100000, reports 20); issue it a key with: npm run cli -- keys issue ${bankId}\n`);
    expect(await cli.db.prisma.institution.findUnique({ where: { id: bankId } })).toEqual({
      id: bankId, name: '甲商业银行', kind: 'FINANCIAL', status: 'ACTIVE', scopes: 'loans:read person:penalties',
      createdAt: new Date('2026-03-01T08:00:00.000Z'), ratePerSecond: 50, burst: 80, dailyArchivePulls: 5000, monthlyArchivePulls: 100000, monthlyReports: 20,
      trustedDocumentsOnly: false,
    });
    govId = (await cli.run(['institutions', 'register', '--name', 'City Market Regulation', '--kind', 'GOVERNMENT'], { now: new Date('2026-03-02T00:00:00Z') })).out.trim();
  });

  it('lists id, kind, status, name, scopes and plan in aligned columns, oldest first', async () => {
    const { code, out } = await cli.run(['institutions', 'list']);
    expect(code).toBe(0);
    const pad = (s: string, n: number) => s + ' '.repeat(n - s.length);
    expect(out).toBe([
      `${pad('ID', 36)}  KIND        STATUS  NAME                    SCOPES                       PLAN`,
      `${bankId}  FINANCIAL   ACTIVE  甲商业银行              loans:read person:penalties  50/s burst 80, day 5000, month 100000, reports 20`,
      `${govId}  GOVERNMENT  ACTIVE  City Market Regulation  -                            100/s burst 200, day unlimited, month unlimited, reports unlimited`,
      '',
    ].join('\n'));
  });

  it('suspends and reactivates an institution', async () => {
    expect(await cli.run(['institutions', 'suspend', govId])).toEqual({ code: 0, out: `${govId} SUSPENDED\n`, err: '' });
    expect((await cli.db.prisma.institution.findUnique({ where: { id: govId } }))?.status).toBe('SUSPENDED');
    expect(await cli.run(['institutions', 'activate', govId])).toEqual({ code: 0, out: `${govId} ACTIVE\n`, err: '' });
    expect((await cli.db.prisma.institution.findUnique({ where: { id: govId } }))?.status).toBe('ACTIVE');
  });

  it('exits 1 naming the id when suspending an unknown institution', async () => {
    expect(await cli.run(['institutions', 'suspend', 'inst-none'])).toEqual({ code: 1, out: '', err: 'error: No institution with id inst-none.\n' });
  });

  it.each<[string, string[], string]>([
    ['an unknown kind', ['--name', 'X', '--kind', 'BANK'],
      'error: kind must be one of GOVERNMENT, INDUSTRY_ASSOCIATION, FINANCIAL, CREDIT_SERVICE, PARTNER_CITY, SOURCE_DEPARTMENT; got "BANK" (INSTITUTION_KIND)\n'],
    ['a missing --name', ['--kind', 'FINANCIAL'], 'error: --name is required\nusage: npm run cli -- institutions register'],
    ['a rate that is not a whole number', ['--name', 'X', '--kind', 'FINANCIAL', '--rate', '1.5'], 'error: --rate must be a whole number; got "1.5"'],
    ['a rate of zero', ['--name', 'X', '--kind', 'FINANCIAL', '--rate', '0'], 'error: ratePerSecond must be an integer of at least 1; got 0 (PLAN_LIMIT)'],
    ['a reserved scope', ['--name', 'X', '--kind', 'FINANCIAL', '--scopes', 'operator'], '(SCOPE_RESERVED)'],
    ['an unknown option', ['--name', 'X', '--kind', 'FINANCIAL', '--quota', '5'], "error: Unknown option '--quota'"],
  ])('exits 64 on %s, registering nothing', async (_what, args, message) => {
    const before = await cli.db.prisma.institution.count();
    const res = await cli.run(['institutions', 'register', ...args]);
    expect(res).toEqual({ code: 64, out: '', err: expect.stringContaining(message) });
    expect(await cli.db.prisma.institution.count()).toBe(before);
  });

  it('exits 64 when suspend is given no id or two', async () => {
    expect(await cli.run(['institutions', 'suspend'])).toEqual({ code: 64, out: '', err: 'error: expected <id>; got none\nusage: npm run cli -- institutions suspend <id>\n' });
    expect((await cli.run(['institutions', 'suspend', 'a', 'b'])).code).toBe(64);
  });
});
