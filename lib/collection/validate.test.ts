/** The natural-person checks of lib/collection/validate.ts: the GB 11643 check character, and no digits in a message. */
import { describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../catalogue/index.ts';
import { idNumberCheckChar } from '../identifiers/id-number.ts';
import { checkRecord, contentHash } from './validate.ts';

const item = loadCatalogue().item('ZRR-CF-001')!;
const first17 = '44030519900101123';
const good = first17 + idNumberCheckChar(first17);
const bad = first17 + (idNumberCheckChar(first17) === '0' ? '1' : '0');
const record = (idNumber: string) => ({
  recordId: 'R-1', idNumber, documentNumber: '深环罚〔2026〕1号', decisionDate: '2026-10-05', violation: '噪声扰民', penaltyType: '罚款',
});

describe('checkRecord for a natural-person item', () => {
  it('takes a valid ID number as the subject, normalized', () => {
    expect(checkRecord(item, record(good.toLowerCase()), '2026-12-07')).toMatchObject({ ok: true, subject: good, legacyCode: false });
  });

  it('rejects an ID number failing its check character, masked in the message', () => {
    const checked = checkRecord(item, record(bad), '2026-12-07');
    expect(checked).toMatchObject({ ok: false, reason: 'ID_NUMBER_CHECK_DIGIT', field: 'idNumber' });
    expect(JSON.stringify(checked)).not.toContain(bad);
    expect(JSON.stringify(checked)).toContain('440305********');
  });

  it('rejects a unified social credit code where an ID number belongs', () => {
    expect(checkRecord(item, record('91440300MA5FXXXX1X'), '2026-12-07')).toMatchObject({ ok: false, reason: 'ID_NUMBER_FORMAT', field: 'idNumber' });
  });
});

describe('contentHash', () => {
  it('gives the digest the stored records were hashed with, so a replay of an old load stays UNCHANGED', () => {
    // Computed by the createHash form before it became one-shot crypto.hash (commit 924f1cf).
    expect(contentHash({ recordId: null, uscc: '91440300MA5XXXXX0X', amount: 1000, violation: '超标排放', decisionDate: '2026-03-01', validTo: null }))
      .toBe('QEnGiA125p-rC4Lo8P_dnyzQLfbV13V8fYciLBlC-lI');
  });
});
