import { describe, expect, it } from '@jest/globals';
import { orgCodeCheckChar } from './org-code.ts';
import { makeUscc, usccCheckChar, validateUscc } from './uscc.ts';

/**
 * Publicly cited USCCs, each checked here to pass both the position-18 check and the embedded
 * GB 11714 organisation-code check. The attributions are how public sources commonly cite them;
 * they were not verified against the official registry.
 */
const PUBLIC_USCCS = [
  '91350100M000100Y43', // Fujian pilot-era code
  '91110000802100433B', // cited as Beijing Baidu Netcom Science and Technology Co., Ltd.
  '9144030071526726XG', // cited as Tencent Technology (Shenzhen) Co., Ltd. (org-code check char 'X')
  '914403001922038216', // cited as Huawei Technologies Co., Ltd.
  '91440300708461136T', // cited as Shenzhen Tencent Computer Systems Co., Ltd.
  '91330000MA27U00F3F',
];

const ALL_UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const FORBIDDEN = new Set(['I', 'O', 'S', 'V', 'Z']);

describe('validateUscc', () => {
  it.each(PUBLIC_USCCS)('accepts the publicly cited code %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, uscc: code });
  });

  it('trims and upper-cases the input', () => {
    expect(validateUscc('  9144030071526726xg \n')).toEqual({ ok: true, uscc: '9144030071526726XG' });
    expect(validateUscc('91330000ma27u00f3f')).toEqual({ ok: true, uscc: '91330000MA27U00F3F' });
  });

  it('rejects a code of the wrong length with USCC_FORMAT and says what length came', () => {
    const r = validateUscc('91350100M000100Y4');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('USCC_FORMAT');
    expect(r.message).toBe('USCC must be 18 characters from 0-9 and A-Y without I, O, S, V, Z; got 17');
    expect(r.uscc).toBeUndefined();
    expect(validateUscc('')).toMatchObject({ ok: false, reason: 'USCC_FORMAT' });
    expect(validateUscc('91350100M000100Y433')).toMatchObject({ ok: false, reason: 'USCC_FORMAT' });
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('rejects the forbidden letter %s with USCC_FORMAT', (letter) => {
    const code = '91350100' + letter + '000100Y43';
    const r = validateUscc(code);
    expect(r).toMatchObject({ ok: false, reason: 'USCC_FORMAT' });
    if (!r.ok) expect(r.message).toContain(`got '${letter}' at position 9`);
    // lower-case forbidden letters too
    expect(validateUscc(code.toLowerCase())).toMatchObject({ ok: false, reason: 'USCC_FORMAT' });
  });

  it('rejects non-alphanumeric characters with USCC_FORMAT', () => {
    expect(validateUscc('91350100-000100Y43')).toMatchObject({ ok: false, reason: 'USCC_FORMAT' });
    expect(validateUscc('９1350100M000100Y43')).toMatchObject({ ok: false, reason: 'USCC_FORMAT' });
  });

  it('rejects a USCC whose check character is wrong, keeping the normalized code', () => {
    const r = validateUscc('91350100m000100y44');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('USCC_CHECK_DIGIT');
    expect(r.uscc).toBe('91350100M000100Y44');
    expect(r.message).toContain("check character (position 18) should be '3', got '4'");
  });

  it('rejects a USCC whose embedded organisation-code check character is wrong even if position 18 fits', () => {
    // Organisation code 12345678-8 is valid; use 9 instead and recompute position 18 so only the
    // GB 11714 check fails.
    const first17 = '91350100' + '12345678' + '9';
    const code = first17 + usccCheckChar(first17);
    const r = validateUscc(code);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('USCC_CHECK_DIGIT');
    expect(r.uscc).toBe(code);
    expect(r.message).toContain("organisation code check character (position 17) should be '8', got '9'");
    expect(r.message).not.toContain('position 18');
  });

  it('detects every single-character substitution of a valid code', () => {
    for (const code of PUBLIC_USCCS) {
      for (let pos = 0; pos < 18; pos++) {
        for (const ch of ALL_UPPER_ALNUM) {
          if (ch === code[pos]) continue;
          const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
          const r = validateUscc(mutated);
          expect({ mutated, ok: r.ok }).toEqual({ mutated, ok: false });
          if (!r.ok) {
            expect({ mutated, reason: r.reason }).toEqual({
              mutated,
              reason: FORBIDDEN.has(ch) ? 'USCC_FORMAT' : 'USCC_CHECK_DIGIT',
            });
          }
        }
      }
    }
  });

  it('detects a swap of two adjacent different characters', () => {
    const code = '91110000802100433B';
    for (let pos = 0; pos < 17; pos++) {
      if (code[pos] === code[pos + 1]) continue;
      const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
      expect({ swapped, ok: validateUscc(swapped).ok }).toEqual({ swapped, ok: false });
    }
  });
});

describe('usccCheckChar / orgCodeCheckChar', () => {
  it('computes the position-18 check character of public codes', () => {
    for (const code of PUBLIC_USCCS) expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(usccCheckChar('9144030071526726x')).toBe('G');
  });

  it('computes the GB 11714 check character, mapping 10 to X and 11 to 0', () => {
    // 1*3 + 2*7 + 3*9 + 4*10 + 5*5 + 6*8 + 7*4 + 8*2 = 201; 201 mod 11 = 3; 11 - 3 = 8
    expect(orgCodeCheckChar('12345678')).toBe('8');
    // M=22, A=10: 66 + 70 + 4*2 = 144; 144 mod 11 = 1; 11 - 1 = 10 -> X
    expect(orgCodeCheckChar('MA000004')).toBe('X');
    // 66 + 70 + 9*2 = 154; 154 mod 11 = 0; 11 - 0 = 11 -> 0
    expect(orgCodeCheckChar('MA000009')).toBe('0');
    expect(orgCodeCheckChar('ma000004')).toBe('X');
    expect(orgCodeCheckChar('71526726')).toBe('X'); // from 9144030071526726XG
  });

  it('throws on malformed input', () => {
    expect(() => usccCheckChar('9135010012345678')).toThrow(/17 characters.*got 16/);
    expect(() => usccCheckChar('9135010012345678I')).toThrow(/got 'I' at position 17/);
    expect(() => orgCodeCheckChar('1234567')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('1234567-')).toThrow(RangeError);
  });
});

describe('makeUscc', () => {
  it('builds a code whose two check characters are correct (hand-checked vector)', () => {
    expect(makeUscc({ authority: '9', orgType: '1', regionCode: '350100', orgCodeBody: '12345678' })).toBe(
      '91350100123456788Q',
    );
  });

  it('handles organisation-code check characters X and 0', () => {
    const x = makeUscc({ authority: '9', orgType: '1', regionCode: '110000', orgCodeBody: 'MA000004' });
    expect(x).toBe('91110000MA000004XF');
    expect(validateUscc(x)).toEqual({ ok: true, uscc: x });
    const zero = makeUscc({ authority: '9', orgType: '1', regionCode: '110000', orgCodeBody: 'ma000009' });
    expect(zero).toBe('91110000MA0000090T');
    expect(validateUscc(zero)).toEqual({ ok: true, uscc: zero });
  });

  it('produces codes that validate for many bodies', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let n = 0; n < 500; n++) {
      let body = '';
      for (let i = 0; i < 8; i++) body += alphabet[(n * 7 + i * 13 + n * i) % 31];
      const code = makeUscc({ authority: 'Y', orgType: '2', regionCode: '440300', orgCodeBody: body });
      expect(validateUscc(code)).toEqual({ ok: true, uscc: code });
    }
  });

  it('handles final check values 0 (Σ mod 31 = 0) and 30 (Y)', () => {
    // Vectors computed with an independent implementation of the algorithm.
    expect(makeUscc({ authority: '9', orgType: '1', regionCode: '110000', orgCodeBody: 'MA000008' })).toBe(
      '91110000MA00000820',
    );
    expect(makeUscc({ authority: '9', orgType: '1', regionCode: '110000', orgCodeBody: 'MA000026' })).toBe(
      '91110000MA0000269Y',
    );
    expect(validateUscc('91110000MA00000820').ok).toBe(true);
    expect(validateUscc('91110000MA0000269Y').ok).toBe(true);
  });

  it('rejects malformed parts', () => {
    const base = { authority: '9', orgType: '1', regionCode: '350100', orgCodeBody: '12345678' };
    expect(() => makeUscc({ ...base, authority: 'I' })).toThrow(/authority/);
    expect(() => makeUscc({ ...base, orgType: '12' })).toThrow(/orgType/);
    expect(() => makeUscc({ ...base, regionCode: '35010' })).toThrow(/regionCode/);
    expect(() => makeUscc({ ...base, orgCodeBody: '1234567O' })).toThrow(/orgCodeBody/);
  });
});
