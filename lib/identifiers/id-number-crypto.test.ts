import { describe, expect, it } from '@jest/globals';
import { decryptIdNumber, encryptIdNumber, idNumberHmac } from './id-number-crypto.ts';

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
