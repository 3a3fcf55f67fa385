import { describe, expect, it } from '@jest/globals';
import {
  decryptIdNumber,
  encryptIdNumber,
  idNumberCheckChar,
  idNumberHmac,
  makeIdNumber,
  makeUscc,
  maskIdNumber,
  maskName,
  orgCodeCheckChar,
  usccCheckChar,
  validateIdNumber,
  validateUscc,
} from './identifiers.ts';

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

describe('masking', () => {
  it('masks an ID number as first 6 + 8 stars + last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
  });

  it('masks a malformed ID number entirely rather than leaking it', () => {
    expect(maskIdNumber('110105491231002')).toBe('***************');
    expect(maskIdNumber('')).toBe('');
  });

  it('masks Chinese names', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('')).toBe('');
    expect(maskName('张')).toBe('张');
  });

  it('counts characters outside the BMP as one character', () => {
    // 𠮷 (U+20BB7) is a surrogate pair in UTF-16.
    expect(maskName('𠮷三丰')).toBe('𠮷*丰');
    expect(maskName('张三𠮷')).toBe('张*𠮷');
  });
});

describe('idNumberHmac', () => {
  const secret = 'a-test-secret-of-32-bytes-length';

  it('is the HMAC-SHA256 hex of the normalized number', () => {
    const h = idNumberHmac('11010519491231002X', secret);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(idNumberHmac(' 11010519491231002x ', secret)).toBe(h);
    expect(idNumberHmac('11010519491231002X', new TextEncoder().encode(secret))).toBe(h);
  });

  it('matches an independently computed HMAC', async () => {
    const { createHmac } = await import('node:crypto');
    expect(idNumberHmac('11010519491231002X', secret)).toBe(
      createHmac('sha256', secret).update('11010519491231002X').digest('hex'),
    );
  });

  it('depends on the secret and on the number', () => {
    const h = idNumberHmac('11010519491231002X', secret);
    expect(idNumberHmac('11010519491231002X', secret + '!')).not.toBe(h);
    expect(idNumberHmac('110105194912310021', secret)).not.toBe(h);
  });

  it('rejects a short secret and an empty number', () => {
    expect(() => idNumberHmac('11010519491231002X', 'short')).toThrow(/at least 16 bytes; got 5/);
    expect(() => idNumberHmac('11010519491231002X', new Uint8Array(0))).toThrow(/got 0/);
    expect(() => idNumberHmac('  ', secret)).toThrow(/empty/);
  });
});

describe('encryptIdNumber / decryptIdNumber', () => {
  const key = new Uint8Array(32).map((_, i) => i * 7 + 1);

  it('round-trips and normalizes the number', () => {
    const c = encryptIdNumber(' 11010519491231002x', key);
    expect(c).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(c).not.toContain('11010519491231002');
    expect(decryptIdNumber(c, key)).toBe('11010519491231002X');
  });

  it('uses a fresh IV each time', () => {
    const a = encryptIdNumber('11010519491231002X', key);
    const b = encryptIdNumber('11010519491231002X', key);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it('throws when any part of the ciphertext is tampered with', () => {
    const c = encryptIdNumber('11010519491231002X', key);
    const parts = c.split('.');
    for (const i of [1, 2, 3]) {
      const bytes = Buffer.from(parts[i]!, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      const tampered = [...parts];
      tampered[i] = bytes.toString('base64url');
      expect(() => decryptIdNumber(tampered.join('.'), key)).toThrow(/authentication failed/);
    }
  });

  it('throws with a wrong key', () => {
    const c = encryptIdNumber('11010519491231002X', key);
    const other = new Uint8Array(32).fill(9);
    expect(() => decryptIdNumber(c, other)).toThrow(/authentication failed/);
  });

  it('rejects malformed ciphertexts', () => {
    const c = encryptIdNumber('11010519491231002X', key);
    const [, iv, tag, ct] = c.split('.');
    expect(() => decryptIdNumber(`v2.${iv}.${tag}.${ct}`, key)).toThrow(/expected 'v1\./);
    expect(() => decryptIdNumber(`v1.${iv}.${tag}`, key)).toThrow(/expected 'v1\./);
    expect(() => decryptIdNumber(`v1.${iv}.${tag}.`, key)).toThrow(/base64url/);
    expect(() => decryptIdNumber(`v1.${iv}.${tag}.${ct}=`, key)).toThrow(/base64url/);
    expect(() => decryptIdNumber(`v1.${iv}AA.${tag}.${ct}`, key)).toThrow(/iv must be 12 bytes/);
    expect(() => decryptIdNumber(`v1.${iv}.${tag!.slice(0, 20)}.${ct}`, key)).toThrow(/tag must be 16 bytes/);
  });

  it('says what key length was expected and what came', () => {
    expect(() => encryptIdNumber('11010519491231002X', new Uint8Array(16))).toThrow(
      'encryptIdNumber: key must be 32 bytes (AES-256-GCM); got 16',
    );
    expect(() => decryptIdNumber('v1.a.b.c', new Uint8Array(31))).toThrow(/must be 32 bytes.*got 31/);
    expect(() => encryptIdNumber('11010519491231002X', 'x'.repeat(32) as unknown as Uint8Array)).toThrow(
      TypeError,
    );
  });

  it('accepts a Node Buffer as the key', () => {
    const buf = Buffer.from(key);
    expect(decryptIdNumber(encryptIdNumber('11010519491231002X', buf), key)).toBe('11010519491231002X');
  });
});
