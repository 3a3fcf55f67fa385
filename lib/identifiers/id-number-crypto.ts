/**
 * Resident ID numbers at rest: a keyed lookup hash (HMAC) and AES-256-GCM encryption, so that the
 * clear number is never stored. No dependencies beyond node:crypto.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

function isUint8Array(x: unknown): x is Uint8Array {
  // Not `instanceof`: a Buffer from another realm (e.g. under Jest's VM) is not an instance of
  // this realm's Uint8Array.
  return Object.prototype.toString.call(x) === '[object Uint8Array]';
}

function normalizeIdNumber(idNumber: string): string {
  if (typeof idNumber !== 'string') throw new TypeError(`ID number must be a string; got ${typeof idNumber}`);
  const s = idNumber.trim().toUpperCase();
  if (s.length === 0) throw new RangeError('ID number must not be empty');
  return s;
}

/** Minimum HMAC secret length: the ID number space is small, so the key is the only protection. */
const MIN_HMAC_SECRET_BYTES = 16;

/**
 * HMAC-SHA256 (lower-case hex) of the normalized (trimmed, upper-cased) ID number, for equality
 * lookups without storing the raw number. The number is not validated, so legacy values hash too.
 * The secret must be at least 16 bytes (a string is taken as UTF-8).
 */
export function idNumberHmac(idNumber: string, secret: Uint8Array | string): string {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : isUint8Array(secret) ? secret : null;
  if (key === null) throw new TypeError('idNumberHmac: secret must be a Uint8Array or a string');
  if (key.length < MIN_HMAC_SECRET_BYTES) {
    throw new RangeError(
      `idNumberHmac: secret must be at least ${MIN_HMAC_SECRET_BYTES} bytes; got ${key.length}`,
    );
  }
  return createHmac('sha256', key).update(normalizeIdNumber(idNumber), 'utf8').digest('hex');
}

const AES_KEY_BYTES = 32;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const CIPHER_VERSION = 'v1';

function checkAesKey(key: Uint8Array, fn: string): void {
  if (!isUint8Array(key)) {
    throw new TypeError(`${fn}: key must be a Uint8Array of ${AES_KEY_BYTES} bytes (AES-256-GCM)`);
  }
  if (key.length !== AES_KEY_BYTES) {
    throw new RangeError(`${fn}: key must be ${AES_KEY_BYTES} bytes (AES-256-GCM); got ${key.length}`);
  }
}

/**
 * Encrypts the normalized ID number with AES-256-GCM and a random 12-byte IV.
 * Output: `v1.<iv b64url>.<tag b64url>.<ciphertext b64url>`.
 */
export function encryptIdNumber(idNumber: string, key: Uint8Array): string {
  checkAesKey(key, 'encryptIdNumber');
  const plain = normalizeIdNumber(idNumber);
  const iv = randomBytes(GCM_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [CIPHER_VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** Decrypts the output of encryptIdNumber. Throws on a malformed value, tampering or a wrong key. */
export function decryptIdNumber(cipherText: string, key: Uint8Array): string {
  checkAesKey(key, 'decryptIdNumber');
  if (typeof cipherText !== 'string') throw new TypeError('decryptIdNumber: ciphertext must be a string');
  const parts = cipherText.split('.');
  if (parts.length !== 4 || parts[0] !== CIPHER_VERSION) {
    throw new Error(`decryptIdNumber: expected '${CIPHER_VERSION}.<iv>.<tag>.<ciphertext>'`);
  }
  const [, ivText, tagText, ctText] = parts as [string, string, string, string];
  if (!B64URL.test(ivText) || !B64URL.test(tagText) || !B64URL.test(ctText)) {
    throw new Error('decryptIdNumber: iv, tag and ciphertext must be non-empty base64url');
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  const ct = Buffer.from(ctText, 'base64url');
  // Only the canonical encoding is accepted, so one ciphertext has exactly one text form.
  if (iv.toString('base64url') !== ivText || tag.toString('base64url') !== tagText || ct.toString('base64url') !== ctText) {
    throw new Error('decryptIdNumber: iv, tag and ciphertext must be canonical unpadded base64url');
  }
  if (iv.length !== GCM_IV_BYTES) {
    throw new Error(`decryptIdNumber: iv must be ${GCM_IV_BYTES} bytes; got ${iv.length}`);
  }
  if (tag.length !== GCM_TAG_BYTES) {
    throw new Error(`decryptIdNumber: tag must be ${GCM_TAG_BYTES} bytes; got ${tag.length}`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('decryptIdNumber: authentication failed (ciphertext tampered with, or wrong key)');
  }
}
