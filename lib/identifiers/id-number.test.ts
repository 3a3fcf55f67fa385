import { describe, expect, it } from '@jest/globals';
import { idNumberCheckChar, makeIdNumber, validateIdNumber } from './id-number.ts';

describe('validateIdNumber', () => {
  const today = new Date('2024-06-15T12:00:00Z');

  it('accepts the GB 11643 example 11010519491231002X and extracts its fields', () => {
    expect(validateIdNumber('11010519491231002X', today)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      male: false,
      regionCode: '110105',
    });
  });

  it('accepts a lower-case x and surrounding spaces, normalizing to X', () => {
    expect(validateIdNumber(' 11010519491231002x ', today)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it('reports an odd sequence number as male', () => {
    const id = makeIdNumber('440305', '20000229', 123);
    expect(validateIdNumber(id, today)).toMatchObject({ ok: true, male: true, birthDate: '2000-02-29' });
  });

  it('rejects a wrong check character with ID_NUMBER_CHECK_DIGIT without echoing the number', () => {
    const r = validateIdNumber('110105194912310021', today);
    expect(r).toMatchObject({ ok: false, reason: 'ID_NUMBER_CHECK_DIGIT' });
    if (!r.ok) expect(r.message).not.toMatch(/\d{4}/);
  });

  it('rejects wrong length and characters with ID_NUMBER_FORMAT', () => {
    const short = validateIdNumber('11010519491231002', today);
    expect(short).toMatchObject({ ok: false, reason: 'ID_NUMBER_FORMAT' });
    if (!short.ok) expect(short.message).toContain('got 17');
    expect(validateIdNumber('1101051949123100X2', today)).toMatchObject({ ok: false, reason: 'ID_NUMBER_FORMAT' });
    expect(validateIdNumber('11010519491231002Y', today)).toMatchObject({ ok: false, reason: 'ID_NUMBER_FORMAT' });
    expect(validateIdNumber('', today)).toMatchObject({ ok: false, reason: 'ID_NUMBER_FORMAT' });
  });

  it('rejects a birth date that is not a real calendar date (19990230) even with a correct check char', () => {
    const first17 = '110105' + '19990230' + '123';
    const r = validateIdNumber(first17 + idNumberCheckChar(first17), today);
    expect(r).toMatchObject({ ok: false, reason: 'ID_NUMBER_FORMAT' });
    if (!r.ok) expect(r.message).toContain('not a real calendar date');
    for (const bad of ['19991301', '19990001', '19990100', '19010229', '19990431']) {
      const f17 = '110105' + bad + '123';
      expect({ bad, r: validateIdNumber(f17 + idNumberCheckChar(f17), today).ok }).toEqual({ bad, r: false });
    }
  });

  it('rejects a birth year before 1900 even with a correct check char', () => {
    // Check-digit-valid (commonly cited alongside the GB 11643 example), but born 1880.
    const r = validateIdNumber('440524188001015368', today);
    expect(r).toMatchObject({ ok: false, reason: 'ID_NUMBER_FORMAT' });
    if (!r.ok) expect(r.message).toContain('before 1900');
  });

  it('rejects a birth date in the future, comparing dates in China Standard Time', () => {
    const id = makeIdNumber('110105', '20240616', 1);
    expect(validateIdNumber(id, today)).toMatchObject({ ok: false, reason: 'ID_NUMBER_FORMAT' });
    // 2024-06-15T16:30Z is already 2024-06-16 00:30 in Beijing.
    expect(validateIdNumber(id, new Date('2024-06-15T16:30:00Z'))).toMatchObject({ ok: true });
    expect(validateIdNumber(id, new Date('2024-06-15T15:30:00Z'))).toMatchObject({ ok: false });
  });

  it('detects every single-character substitution of a valid number', () => {
    const id = '11010519491231002X';
    for (let pos = 0; pos < 18; pos++) {
      for (const ch of '0123456789X') {
        if (ch === id[pos]) continue;
        const mutated = id.slice(0, pos) + ch + id.slice(pos + 1);
        expect({ mutated, ok: validateIdNumber(mutated, today).ok }).toEqual({ mutated, ok: false });
      }
    }
  });
});

describe('idNumberCheckChar / makeIdNumber', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101536')).toBe('8');
    expect(() => idNumberCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => idNumberCheckChar('1101051949123100A')).toThrow(RangeError);
  });

  it('rebuilds the GB 11643 example', () => {
    expect(makeIdNumber('110105', '19491231', 2)).toBe('11010519491231002X');
  });

  it('rejects malformed parts', () => {
    expect(() => makeIdNumber('11010', '19491231', 2)).toThrow(/regionCode/);
    expect(() => makeIdNumber('110105', '1949-12-31', 2)).toThrow(/birthDate/);
    expect(() => makeIdNumber('110105', '19990230', 2)).toThrow(/not a real calendar date/);
    expect(() => makeIdNumber('110105', '19491231', 1000)).toThrow(/sequence/);
    expect(() => makeIdNumber('110105', '19491231', 1.5)).toThrow(/sequence/);
    expect(() => makeIdNumber('110105', '19491231', -1)).toThrow(/sequence/);
  });
});
