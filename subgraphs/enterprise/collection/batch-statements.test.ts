/**
 * The statements of one collection batch, counted (as loader tests count them): a bulk load's speed
 * is set by how many statements a batch sends and how large they are, not by the rows alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../../lib/catalogue/index.ts';
import { applyMigrations } from '../../../lib/db/migrations.ts';
import { openEnterpriseDb, type Db } from '../db/client.ts';
import { enterpriseRow, NOW, TODAY } from '../test-support.ts';
import { submitBatch } from './submit.ts';
import { penalty } from './test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'creditgraph-batch-'));
const statements: string[] = [];
let db: Db;

beforeAll(async () => {
  const url = `file:${join(dir, 'enterprise.db')}`;
  await applyMigrations({ subgraph: 'enterprise', provider: 'sqlite', url });
  db = await openEnterpriseDb('sqlite', url, (sql) => statements.push(sql));
  await db.prisma.enterprise.createMany({ data: [enterpriseRow(1)] });
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const item = loadCatalogue().item('FR-CF-001')!;
const sender = { departmentCode: 'eco', departmentName: '深圳市生态环境局', actorKind: 'OPERATOR' as const, actorId: 'op-1' };
const batch = (receiptId: string, n: number) => ({
  item, sender, receiptId, openReceipt: { channel: 'API' as const }, now: NOW, today: TODAY, delivery: true, provider: 'sqlite' as const,
  records: Array.from({ length: n }, (_, i) => ({ position: i, value: penalty(`S-${i}`) })),
});

describe('a collection batch', () => {
  it('writes 2,000 records with one INSERT per table and looks them up on the prepared reader', async () => {
    statements.length = 0;
    const { counts } = await submitBatch(db, batch('00000000-0000-4000-8000-000000000001', 2000));
    expect(counts).toMatchObject({ submitted: 2000, accepted: 2000, rejected: 0 });
    const inserts = (table: string) => statements.filter((s) => s.startsWith(`INSERT INTO "${table}"`)).length;
    expect([inserts('AdministrativePenalty'), inserts('CollectedRecord'), inserts('CollectedRecordVersion'), inserts('ChangeEvent')]).toEqual([1, 1, 1, 1]);
    // The lookups by the department's own ids and by USCC: one prepared statement each, the keys as one JSON list.
    expect(statements.filter((s) => /FROM "CollectedRecord" WHERE .*json_each\(\?\)/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /FROM "Enterprise" WHERE .*json_each\(\?\)/.test(s))).toHaveLength(1);
    expect(await db.prisma.administrativePenalty.count()).toBe(2000);
  });

  it('gives new records ids that sort in arrival order (appended to the indexes, not scattered)', async () => {
    const rows = await db.prisma.collectedRecord.findMany({ select: { id: true, archiveId: true, sourceRecordId: true } });
    const byPosition = [...rows].sort((a, b) => Number(a.sourceRecordId.slice(2)) - Number(b.sourceRecordId.slice(2)));
    expect(byPosition.map((r) => r.id)).toEqual([...byPosition.map((r) => r.id)].sort());
    expect(byPosition.map((r) => r.archiveId)).toEqual([...byPosition.map((r) => r.archiveId)].sort());
  });

  it('answers the same 2,000 records again as UNCHANGED, inserting nothing into the archive', async () => {
    statements.length = 0;
    const { counts } = await submitBatch(db, batch('00000000-0000-4000-8000-000000000002', 2000));
    expect(counts).toMatchObject({ submitted: 2000, unchanged: 2000 });
    expect(statements.filter((s) => /^INSERT INTO "(AdministrativePenalty|CollectedRecord)"/.test(s))).toEqual([]);
  });
});
