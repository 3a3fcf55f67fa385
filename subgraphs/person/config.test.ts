import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';
import { DEFAULT_REPAIR_RULES_FILE } from '../../lib/catalogue/repair-rules.ts';
import { configIssues } from '../../lib/test-support.ts';
import { loadPersonConfig } from './config.ts';

const valid = {
  CALLER_SIGNING_SECRET: 'c'.repeat(32),
  PERSON_ID_HMAC_SECRET: 'h'.repeat(32),
  PERSON_ID_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATA_DIR: '/tmp/creditgraph-test',
  INTEGRITY_KEY_FILE: '/tmp/creditgraph-test/integrity-key.json',
};

const issues = (env: Record<string, string | undefined>) => configIssues(() => loadPersonConfig(env));

describe('loadPersonConfig', () => {
  it('returns a frozen config with the 32-byte key decoded', () => {
    const config = loadPersonConfig(valid);
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.idHmacSecret).toBe('h'.repeat(32));
    expect(Buffer.from(config.idEncryptionKey)).toEqual(Buffer.alloc(32, 7));
    expect(config.port).toBe(4002);
    expect(config.databaseUrl).toBe('file:/tmp/creditgraph-test/person.db');
    expect(config.integrityKeyFile).toBe('/tmp/creditgraph-test/integrity-key.json');
  });

  it('issues integrity codes for Huzhou (330500), valid 300 s, unless told otherwise', () => {
    expect(loadPersonConfig(valid)).toMatchObject({ integrityCity: '330500', integrityCodeTtlSeconds: 300 });
    expect(loadPersonConfig({ ...valid, INTEGRITY_CITY: '330300', INTEGRITY_CODE_TTL_SECONDS: '1800' }))
      .toMatchObject({ integrityCity: '330300', integrityCodeTtlSeconds: 1800 });
  });

  it('refuses a city that is not a 6-digit division code and a lifetime outside 30-1800 s', () => {
    expect(issues({ ...valid, INTEGRITY_CITY: 'Huzhou', INTEGRITY_CODE_TTL_SECONDS: '1801' })).toEqual([
      'INTEGRITY_CITY: INTEGRITY_CITY must be a 6-digit administrative division code, e.g. 330500',
      'INTEGRITY_CODE_TTL_SECONDS: INTEGRITY_CODE_TTL_SECONDS must be at most 1800',
    ]);
    expect(issues({ ...valid, INTEGRITY_CODE_TTL_SECONDS: '29' })).toEqual(['INTEGRITY_CODE_TTL_SECONDS: INTEGRITY_CODE_TTL_SECONDS must be at least 30']);
    expect(issues({ ...valid, INTEGRITY_CODE_TTL_SECONDS: '300.5' })).toEqual(['INTEGRITY_CODE_TTL_SECONDS: INTEGRITY_CODE_TTL_SECONDS must be whole seconds']);
    expect(issues({ ...valid, INTEGRITY_KEY_FILE: ' ' })).toEqual(['INTEGRITY_KEY_FILE: INTEGRITY_KEY_FILE must name a file']);
  });

  it('lists every bad key in one error, the shared ones included', () => {
    expect(issues({})).toEqual([
      expect.stringMatching(/^CALLER_SIGNING_SECRET: /),
      expect.stringMatching(/^PERSON_ID_HMAC_SECRET: /),
      expect.stringMatching(/^PERSON_ID_ENCRYPTION_KEY: /),
      expect.stringMatching(/^INTEGRITY_KEY_FILE: /),
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

describe('loadPersonConfig, every key', () => {
  it('takes a key with blanks around it, and refuses one with anything before or after its 43 characters', () => {
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i));
    expect(Buffer.from(loadPersonConfig({ ...valid, PERSON_ID_ENCRYPTION_KEY: ` ${key.toString('base64')}\n` }).idEncryptionKey)).toEqual(key);
    for (const text of [`x${key.toString('base64')}`, `!${key.toString('base64')}`, `${key.toString('base64')}!`, `!${key.toString('base64url')}`, `${key.toString('base64url')}!`]) {
      expect(issues({ ...valid, PERSON_ID_ENCRYPTION_KEY: text })).toEqual([
        'PERSON_ID_ENCRYPTION_KEY: PERSON_ID_ENCRYPTION_KEY must be the base64 of 32 bytes (e.g. `openssl rand -base64 32`)',
      ]);
    }
  });

  it('names what is missing', () => {
    expect(issues({ CALLER_SIGNING_SECRET: 'c'.repeat(32), PERSON_ID_ENCRYPTION_KEY: valid.PERSON_ID_ENCRYPTION_KEY })).toEqual([
      'PERSON_ID_HMAC_SECRET: PERSON_ID_HMAC_SECRET is required',
      'INTEGRITY_KEY_FILE: INTEGRITY_KEY_FILE is required (the integrity-code signing key, { privateJwk, jwks })',
    ]);
    expect(issues({ ...valid, INTEGRITY_CODE_TTL_SECONDS: 'soon' })).toEqual(['INTEGRITY_CODE_TTL_SECONDS: INTEGRITY_CODE_TTL_SECONDS must be a number of seconds']);
    expect(issues({ ...valid, REPORT_KEY_FILE: '  ' })).toEqual(['REPORT_KEY_FILE: REPORT_KEY_FILE must name a file']);
    expect(issues({ ...valid, INTEGRITY_CITY: '3305001' })).toHaveLength(1);
    expect(issues({ ...valid, INTEGRITY_CITY: 'x330500' })).toHaveLength(1);
  });

  it('trims the files and the city, and keeps the report key and calendar by default', () => {
    const c = loadPersonConfig({ ...valid, INTEGRITY_KEY_FILE: ' /k/i.json ', INTEGRITY_CITY: ' 330100 ', REPORT_KEY_FILE: ' /k/r.json ' });
    expect(c).toMatchObject({ integrityKeyFile: '/k/i.json', integrityCity: '330100', reportKeyFile: '/k/r.json' });
    const d = loadPersonConfig(valid);
    expect(d.reportKeyFile).toBe('/tmp/creditgraph-test/report-key.json');
    expect(d.holidayCalendarFile).toMatch(/cn-holidays\.json$/);
    expect(loadPersonConfig({ ...valid, HOLIDAY_CALENDAR_FILE: '/c.json' }).holidayCalendarFile).toBe('/c.json');
    expect(issues({ ...valid, HOLIDAY_CALENDAR_FILE: '' })).toEqual(['HOLIDAY_CALENDAR_FILE: HOLIDAY_CALENDAR_FILE must name a file']);
  });

  it('refuses 32 characters of text as the encryption key: only the base64 of 32 bytes is one', () => {
    for (const text of ['k'.repeat(32), 'k'.repeat(32) + '!']) {
      expect(issues({ ...valid, PERSON_ID_ENCRYPTION_KEY: text })).toEqual([
        'PERSON_ID_ENCRYPTION_KEY: PERSON_ID_ENCRYPTION_KEY must be the base64 of 32 bytes (e.g. `openssl rand -base64 32`)',
      ]);
    }
  });

  it('names a missing encryption key', () => {
    expect(issues({ ...valid, PERSON_ID_ENCRYPTION_KEY: undefined })).toEqual(['PERSON_ID_ENCRYPTION_KEY: PERSON_ID_ENCRYPTION_KEY is required']);
  });

  it('takes the repair rules and the catalogue from the files named, the shipped ones by default, and refuses an empty name', () => {
    expect(loadPersonConfig(valid)).toMatchObject({ repairRulesFile: DEFAULT_REPAIR_RULES_FILE, catalogueFile: DEFAULT_CATALOGUE_FILE });
    expect(loadPersonConfig({ ...valid, REPAIR_RULES_FILE: '/r/repair.json', CATALOGUE_FILE: '/r/catalogue.json' }))
      .toMatchObject({ repairRulesFile: '/r/repair.json', catalogueFile: '/r/catalogue.json' });
    expect(issues({ ...valid, REPAIR_RULES_FILE: '', CATALOGUE_FILE: '' })).toEqual([
      'REPAIR_RULES_FILE: REPAIR_RULES_FILE must name a file',
      'CATALOGUE_FILE: CATALOGUE_FILE must name a file',
    ]);
  });
});

