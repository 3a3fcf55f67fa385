import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseApiKey, secretMatches } from '../../../lib/api-keys.ts';
import { startTestSubgraph, type TestSubgraph } from '../test-support.ts';
import { createApiKey, createInstitution, findApiKeyByPrefix } from './institutions.ts';

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph();
});

afterAll(async () => {
  await sg?.close();
});

describe('createInstitution', () => {
  it('inserts an ACTIVE institution with an id, its scopes space-separated and the plan defaults', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const row = await createInstitution(sg.db, { name: '甲银行', kind: 'FINANCIAL', scopes: ['loans:read', 'person:penalties'] }, now);
    expect(row).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: '甲银行', kind: 'FINANCIAL', status: 'ACTIVE',
      scopes: 'loans:read person:penalties', createdAt: now,
      ratePerSecond: 100, burst: 200, dailyArchivePulls: null, monthlyArchivePulls: null, monthlyReports: null, trustedDocumentsOnly: false,
    });
  });

  it('keeps an id it is given (deterministic seeds)', async () => {
    expect((await createInstitution(sg.db, { id: 'seed-gov', name: '乙局', kind: 'GOVERNMENT' })).id).toBe('seed-gov');
  });

  it('refuses invalid input with BAD_USER_INPUT before writing', async () => {
    const before = await sg.db.prisma.institution.count();
    await expect(createInstitution(sg.db, { name: 'x', kind: 'BANK' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { code: 'BAD_USER_INPUT', reason: 'INSTITUTION_KIND' } });
    expect(await sg.db.prisma.institution.count()).toBe(before);
  });
});

describe('createApiKey and findApiKeyByPrefix', () => {
  it('makes a key whose prefix finds the key row joined with its institution, and whose secret matches the stored hash', async () => {
    const inst = await createInstitution(sg.db, { name: '丙征信', kind: 'CREDIT_SERVICE' });
    const { row, key } = await createApiKey(sg.db, inst.id, new Date('2026-02-01T00:00:00Z'));
    const parsed = parseApiKey(key);
    expect(parsed?.prefix).toBe(row.prefix);
    expect(row).toEqual({ id: expect.any(String), institutionId: inst.id, prefix: parsed!.prefix, secretHash: expect.stringMatching(/^[0-9a-f]{64}$/), createdAt: new Date('2026-02-01T00:00:00Z'), revokedAt: null, label: null, expiresAt: null, lastUsedAt: null });
    const found = await findApiKeyByPrefix(sg.db, row.prefix);
    expect(found).toEqual({ ...row, institution: inst });
    expect(secretMatches(parsed!.secret, found!.secretHash)).toBe(true);
  });

  it('returns null for an unknown prefix', async () => {
    expect(await findApiKeyByPrefix(sg.db, 'AAAAAAAAAAAA')).toBeNull();
  });

  it('returns null for a key whose institution is gone', async () => {
    await sg.db.prisma.apiKey.create({ data: { id: 'orphan', institutionId: 'gone', prefix: 'orphanPrefix', secretHash: '00', createdAt: new Date() } });
    expect(await findApiKeyByPrefix(sg.db, 'orphanPrefix')).toBeNull();
  });

  it('refuses a key for an unknown institution with NOT_FOUND', async () => {
    await expect(createApiKey(sg.db, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
