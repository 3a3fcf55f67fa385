/**
 * The loan-reports migration keeps the loans seeded before it: amounts become fen, the one day they
 * carried becomes the application (and decision) day, the region comes from the USCC. On both
 * databases (PostgreSQL where its binaries are installed).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseProvider } from '../../lib/config.ts';
import { openDb } from '../../lib/db/client.ts';
import { openSqlite, pgClient } from '../../lib/db/drivers.ts';
import { applyMigrations, migrationsDir } from '../../lib/db/migrations.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { clientModules } from './db/client.ts';

const PROVIDERS: DatabaseProvider[] = postgresAvailable() ? ['sqlite', 'postgresql'] : ['sqlite'];
const LEGACY = [
  ['loan-g', '91440300MA5FXXXX1', 'GRANTED', 2000000.5, '2025-03-01'],
  ['loan-a', '91330502MA2BXXXX2', 'APPLIED', 80000, '2025-06-02'],
  ['loan-r', '91330502MA2BXXXX3', 'REJECTED', 120000, '2025-06-03'],
] as const;
const temps: string[] = [];
let pg: PostgresInstance | null = null;

afterAll(async () => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  await pg?.stop();
});

async function execute(provider: DatabaseProvider, url: string, sql: string, rows: readonly (readonly unknown[])[]) {
  if (provider === 'sqlite') {
    const db = openSqlite(url);
    const stmt = db.prepare(sql.replace(/\$\d/g, '?'));
    for (const r of rows) stmt.run(...r);
    db.close();
  } else {
    const client = pgClient(url);
    await client.connect();
    for (const r of rows) await client.query(sql, [...r]);
    await client.end();
  }
}

describe.each(PROVIDERS)('the loan_reports migration on %s', (provider) => {
  it('converts the loans already there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'finance-migration-'));
    temps.push(dir);
    let url = `file:${join(dir, 'finance.db')}`;
    if (provider === 'postgresql') {
      pg ??= await startPostgres();
      url = await pg.createDatabase('finance_migration');
    }
    // The database as it stood before: only the first migration, with loans in it.
    const all = migrationsDir('finance', provider);
    const before = join(dir, 'before');
    const first = readdirSync(all).filter((n) => /^\d/.test(n)).sort()[0]!;
    cpSync(join(all, first), join(before, first), { recursive: true });
    await applyMigrations({ subgraph: 'finance', provider, url, dir: before });
    await execute(provider, url,
      'INSERT INTO "CreditEasyLoan" ("id", "uscc", "partnerId", "productId", "amount", "grantedOn", "status") VALUES ($1, $2, $3, $4, $5, $6, $7)',
      LEGACY.map(([id, uscc, status, amount, day]) => [id, uscc, 'fp-01', 'lp-01-1', amount, day, status]));

    expect((await applyMigrations({ subgraph: 'finance', provider, url })).applied).toEqual(readdirSync(all).filter((n) => /^\d/.test(n)).sort().slice(1));
    const db = await openDb(clientModules, provider, url);
    try {
      const rows = await db.prisma.creditEasyLoan.findMany({ orderBy: { id: 'asc' } });
      expect(rows.map(({ id, requestedFen, grantedFen, appliedOn, appliedMonth, decidedOn, grantedOn, statusOn, regionCode, industryCode, status }) =>
        ({ id, requestedFen, grantedFen, appliedOn, appliedMonth, decidedOn, grantedOn, statusOn, regionCode, industryCode, status }))).toEqual([
        { id: 'loan-a', requestedFen: 8_000_000n, grantedFen: null, appliedOn: '2025-06-02', appliedMonth: '2025-06', decidedOn: null, grantedOn: null, statusOn: '2025-06-02', regionCode: '330502', industryCode: '', status: 'APPLIED' },
        { id: 'loan-g', requestedFen: 200_000_050n, grantedFen: 200_000_050n, appliedOn: '2025-03-01', appliedMonth: '2025-03', decidedOn: '2025-03-01', grantedOn: '2025-03-01', statusOn: '2025-03-01', regionCode: '440300', industryCode: '', status: 'GRANTED' },
        { id: 'loan-r', requestedFen: 12_000_000n, grantedFen: null, appliedOn: '2025-06-03', appliedMonth: '2025-06', decidedOn: '2025-06-03', grantedOn: null, statusOn: '2025-06-03', regionCode: '330502', industryCode: '', status: 'REJECTED' },
      ]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
