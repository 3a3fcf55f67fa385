import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DEFAULT_CATALOGUE_FILE, loadCatalogue, parseCatalogue } from '../../../lib/catalogue/index.ts';
import { collectedItem, senderFor } from './api.ts';
import { eco } from './test-support.ts';

const shipped = loadCatalogue();

describe('collectedItem', () => {
  it('refuses a legal-person item that may not be public: the archive would publish it', () => {
    const raw = JSON.parse(readFileSync(DEFAULT_CATALOGUE_FILE, 'utf8'));
    raw.items = raw.items.map((i: { code: string }) => (i.code === 'FR-CF-001' ? { ...i, disclosure: 'CONDITIONAL' } : i));
    const own = parseCatalogue(raw, 'test');
    expect(() => collectedItem(own, 'FR-CF-001')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'ITEM_NOT_SUPPORTED' }) }));
    expect(collectedItem(shipped, 'FR-CF-001').code).toBe('FR-CF-001');
  });
});

describe('senderFor', () => {
  it('submits as the department the key\'s scope names, with the institution\'s name', () => {
    expect(senderFor(eco, shipped, shipped.item('FR-CF-001')!)).toEqual({
      departmentCode: 'eco', departmentName: '深圳市生态环境局', actorKind: 'INSTITUTION', actorId: 'inst-eco',
    });
  });

  it('lets an operator submit for the only provider of an item without naming it', () => {
    expect(senderFor({ kind: 'OPERATOR', operatorId: 'op' }, shipped, shipped.item('FR-JC-001')!)).toMatchObject({ departmentCode: 'samr', actorKind: 'OPERATOR' });
  });
});
