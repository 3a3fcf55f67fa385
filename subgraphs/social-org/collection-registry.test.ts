/**
 * The one Prisma registry store (lib/collection/registry.ts `prismaRegistry`) over the social-org
 * database's tables, as the person database uses it too: an entry saved new and then as its next
 * version is found by (department, item, the department's record id), every version kept, and a
 * receipt's counts added up across the calls of one bulk job.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prismaRegistry, type CollectedRow } from '../../lib/collection/registry.ts';
import { transaction } from '../../lib/db/client.ts';
import { freshDatabase, type FreshDatabase } from '../../tests/support/subgraph.ts';
import { openSocialOrgDb, type Db, type Tx } from './db/client.ts';

const AT = new Date('2026-12-07T02:00:00Z');
const store = prismaRegistry<Tx>();
let fresh: FreshDatabase;
let db: Db;

const row: CollectedRow = {
  id: 'c-1', archiveId: 'a-1', departmentCode: 'civil', itemCode: 'SHZZ-CF-001', sourceRecordId: 'S-1', recordType: 'SocialOrgPenalty',
  subject: '51330500MJ10000010', version: 1, contentHash: 'h1', state: 'ACTIVE', firstReceivedAt: AT, lastReceivedAt: AT,
};
const version = (v: number, action: 'ACCEPTED' | 'UPDATED', hash: string) =>
  ({ recordId: 'c-1', version: v, action, receiptId: 'r-1', receivedAt: AT, contentHash: hash, data: '{}' });
const receipt = (accepted: number, updated: number) => ({
  id: 'r-1', departmentCode: 'civil', itemCode: 'SHZZ-CF-001', channel: 'API', actorKind: 'OPERATOR', actorId: 'op-1', receivedAt: AT,
  submitted: accepted + updated, accepted, updated, unchanged: 0, rejected: 0, withdrawn: 0,
});

beforeAll(async () => {
  fresh = await freshDatabase('social-org');
  db = await openSocialOrgDb('sqlite', fresh.url);
});
afterAll(async () => {
  await db?.close();
  fresh?.remove();
});

describe('prismaRegistry', () => {
  it('saves an entry new and as its next version, finds it by the department\'s record id, and adds a receipt\'s counts', async () => {
    await transaction(db, async (tx) => {
      await store.save(tx, row, true, version(1, 'ACCEPTED', 'h1'));
      await store.addToReceipt(tx, receipt(1, 0));
    });
    await transaction(db, async (tx) => {
      await store.save(tx, { ...row, version: 2, contentHash: 'h2' }, false, version(2, 'UPDATED', 'h2'));
      await store.addToReceipt(tx, receipt(0, 1));
    });
    const found = await transaction(db, (tx) => store.find(tx, 'civil', 'SHZZ-CF-001', ['S-1', 'S-unknown']));
    expect(found).toEqual([{ ...row, version: 2, contentHash: 'h2' }]);
    expect(await transaction(db, (tx) => store.find(tx, 'other', 'SHZZ-CF-001', ['S-1']))).toEqual([]);
    expect((await db.prisma.collectedRecordVersion.findMany({ orderBy: { version: 'asc' } })).map((v) => [v.version, v.action])).toEqual([[1, 'ACCEPTED'], [2, 'UPDATED']]);
    expect(await db.prisma.collectionReceipt.findUniqueOrThrow({ where: { id: 'r-1' } })).toMatchObject({ submitted: 2, accepted: 1, updated: 1 });
  });
});
