import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../lib/config.ts';
import { loadPersonConfig } from './config.ts';

const valid = {
  CALLER_SIGNING_SECRET: 'c'.repeat(32),
  PERSON_ID_HMAC_SECRET: 'h'.repeat(32),
  PERSON_ID_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATA_DIR: '/tmp/creditgraph-test',
};

function issues(env: Record<string, string | undefined>): string[] {
  try {
    loadPersonConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('loadPersonConfig', () => {
  it('returns a frozen config with the 32-byte key decoded', () => {
    const config = loadPersonConfig(valid);
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.idHmacSecret).toBe('h'.repeat(32));
    expect(Buffer.from(config.idEncryptionKey)).toEqual(Buffer.alloc(32, 7));
    expect(config.port).toBe(4002);
    expect(config.databaseUrl).toBe('file:/tmp/creditgraph-test/person.db');
  });

  it('lists every bad key in one error, the shared ones included', () => {
    expect(issues({})).toEqual([
      expect.stringMatching(/^CALLER_SIGNING_SECRET: /),
      expect.stringMatching(/^PERSON_ID_HMAC_SECRET: /),
      expect.stringMatching(/^PERSON_ID_ENCRYPTION_KEY: /),
    ]);
  });

  it('refuses a short HMAC secret and a key that is not 32 bytes of base64', () => {
    expect(issues({ ...valid, PERSON_ID_HMAC_SECRET: 'short', PERSON_ID_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toEqual([
      'PERSON_ID_HMAC_SECRET: PERSON_ID_HMAC_SECRET must be at least 32 characters',
      'PERSON_ID_ENCRYPTION_KEY: PERSON_ID_ENCRYPTION_KEY must be the base64 of 32 bytes (e.g. `openssl rand -base64 32`)',
    ]);
    expect(issues({ ...valid, PERSON_ID_ENCRYPTION_KEY: 'not base64 at all!!' })).toHaveLength(1);
    expect(issues({ ...valid, PERSON_ID_ENCRYPTION_KEY: Buffer.alloc(33).toString('base64') })).toHaveLength(1);
  });

  it('takes the key as base64 with or without padding, or as base64url', () => {
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i));
    for (const text of [key.toString('base64'), key.toString('base64').replace(/=$/, ''), key.toString('base64url')]) {
      expect(Buffer.from(loadPersonConfig({ ...valid, PERSON_ID_ENCRYPTION_KEY: text }).idEncryptionKey)).toEqual(key);
    }
  });
});
