import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';
import { DEFAULT_MATTERS_FILE } from '../../lib/catalogue/matters.ts';
import { DEFAULT_REPAIR_RULES_FILE } from '../../lib/catalogue/repair-rules.ts';
import { ConfigError } from '../../lib/config.ts';
import { DEFAULT_HOLIDAY_CALENDAR_FILE } from '../../lib/working-days.ts';
import { loadEnterpriseConfig, loadRetentionConfig } from './config.ts';

// The zod schema alone: no server (the calendar's effect on deadlines: holiday-calendar.test.ts).
const env = { CALLER_SIGNING_SECRET: 'enterprise-test-signing-secret-0123456789' };

/** The issues a load reports ([]: none); an error that is not a ConfigError fails the test. */
const issues = (load: () => unknown): string[] => {
  try { load(); return []; } catch (err) { if (err instanceof ConfigError) return err.issues; throw err; }
};

describe('loadEnterpriseConfig', () => {
  it('gives the enterprise subgraph its own port and database, frozen with its settings', () => {
    const c = loadEnterpriseConfig({ ...env, DATA_DIR: '/srv/cg' });
    expect(c).toMatchObject({ name: 'enterprise', port: 4001, databaseUrl: 'file:/srv/cg/enterprise.db' });
    expect(loadEnterpriseConfig({ ...env, ENTERPRISE_PORT: '5001' }).port).toBe(5001);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('uses the shipped holiday calendar unless HOLIDAY_CALENDAR_FILE names another', () => {
    expect(loadEnterpriseConfig(env).holidayCalendarFile).toBe(DEFAULT_HOLIDAY_CALENDAR_FILE);
    expect(loadEnterpriseConfig({ ...env, HOLIDAY_CALENDAR_FILE: '/etc/cal.json' }).holidayCalendarFile).toBe('/etc/cal.json');
  });

  it('uses the shipped catalogue, sanctions list and repair rules unless a file is named, and refuses an empty name', () => {
    expect(loadEnterpriseConfig(env)).toMatchObject({
      catalogueFile: DEFAULT_CATALOGUE_FILE, mattersFile: DEFAULT_MATTERS_FILE, repairRulesFile: DEFAULT_REPAIR_RULES_FILE,
    });
    expect(loadEnterpriseConfig({ ...env, CATALOGUE_FILE: '/c.json', SANCTION_MATTERS_FILE: '/m.json', REPAIR_RULES_FILE: '/r.json' }))
      .toMatchObject({ catalogueFile: '/c.json', mattersFile: '/m.json', repairRulesFile: '/r.json' });
    expect(issues(() => loadEnterpriseConfig({ ...env, CATALOGUE_FILE: '', SANCTION_MATTERS_FILE: '', REPAIR_RULES_FILE: '' }))).toEqual([
      'CATALOGUE_FILE: CATALOGUE_FILE must name a file',
      'SANCTION_MATTERS_FILE: SANCTION_MATTERS_FILE must name a file',
      'REPAIR_RULES_FILE: REPAIR_RULES_FILE must name a file',
    ]);
  });

  it('keeps the report key in DATA_DIR unless REPORT_KEY_FILE names a file, and refuses a blank name', () => {
    expect(loadEnterpriseConfig({ ...env, DATA_DIR: '/srv/cg' }).reportKeyFile).toBe('/srv/cg/report-key.json');
    expect(loadEnterpriseConfig(env).reportKeyFile).toBe(resolve('./data/report-key.json'));
    expect(loadEnterpriseConfig({ ...env, REPORT_KEY_FILE: ' keys/report.json ' }).reportKeyFile).toBe(resolve('keys/report.json'));
    expect(issues(() => loadEnterpriseConfig({ ...env, REPORT_KEY_FILE: '  ' }))).toEqual(['REPORT_KEY_FILE: REPORT_KEY_FILE must name a file']);
  });

  it('finds the peers at their URL, else at their port (default the shipped one) on HOST', () => {
    expect(loadEnterpriseConfig(env).peerUrls).toEqual({
      socialOrg: 'http://127.0.0.1:4003/graphql', finance: 'http://127.0.0.1:4004/graphql', person: 'http://127.0.0.1:4002/graphql',
    });
    expect(loadEnterpriseConfig({ ...env, HOST: '::1', SOCIAL_ORG_PORT: '5003', FINANCE_PORT: '5004', PERSON_PORT: '5002' }).peerUrls).toEqual({
      socialOrg: 'http://::1:5003/graphql', finance: 'http://::1:5004/graphql', person: 'http://::1:5002/graphql',
    });
    const urls = { SOCIAL_ORG_URL: 'http://127.0.0.1:7003/g', FINANCE_URL: 'http://127.0.0.1:7004/g', PERSON_URL: 'http://127.0.0.1:7002/g' };
    expect(loadEnterpriseConfig({ ...env, ...urls, SOCIAL_ORG_PORT: '5003' }).peerUrls).toEqual({
      socialOrg: urls.SOCIAL_ORG_URL, finance: urls.FINANCE_URL, person: urls.PERSON_URL,
    });
  });

  it('refuses a peer URL that is not a URL and a peer port that is not a whole number in 1-65535', () => {
    expect(issues(() => loadEnterpriseConfig({ ...env, SOCIAL_ORG_URL: 'social', FINANCE_URL: 'finance', PERSON_URL: 'person' }))).toEqual([
      'SOCIAL_ORG_URL: SOCIAL_ORG_URL must be a URL', 'FINANCE_URL: FINANCE_URL must be a URL', 'PERSON_URL: PERSON_URL must be a URL',
    ]);
    for (const key of ['SOCIAL_ORG_PORT', 'FINANCE_PORT', 'PERSON_PORT']) {
      expect(issues(() => loadEnterpriseConfig({ ...env, [key]: '0' }))).toEqual([expect.stringMatching(new RegExp(`^${key}: `))]);
      expect(issues(() => loadEnterpriseConfig({ ...env, [key]: '65536' }))).toEqual([expect.stringMatching(new RegExp(`^${key}: `))]);
      expect(issues(() => loadEnterpriseConfig({ ...env, [key]: '4001.5' }))).toEqual([expect.stringMatching(new RegExp(`^${key}: `))]);
      expect(Object.values(loadEnterpriseConfig({ ...env, [key]: '1' }).peerUrls)).toContain('http://127.0.0.1:1/graphql');
      expect(Object.values(loadEnterpriseConfig({ ...env, [key]: '65535' }).peerUrls)).toContain('http://127.0.0.1:65535/graphql');
    }
  });

  it('runs the grade tracker every second by default, not under NODE_ENV=test unless RATING_TRACKER_MS asks, never when it says off', () => {
    expect(loadEnterpriseConfig({ ...env, NODE_ENV: 'development' }).gradeTrackerMs).toBe(1000);
    expect(loadEnterpriseConfig({ ...env, NODE_ENV: 'test' }).gradeTrackerMs).toBeNull();
    expect(loadEnterpriseConfig({ ...env, NODE_ENV: 'test', RATING_TRACKER_MS: '250' }).gradeTrackerMs).toBe(250);
    expect(loadEnterpriseConfig({ ...env, NODE_ENV: 'development', RATING_TRACKER_MS: 'off' }).gradeTrackerMs).toBeNull();
  });

  it('polls the grade tracker between 100 ms and a minute, in whole milliseconds', () => {
    expect(loadEnterpriseConfig({ ...env, RATING_TRACKER_MS: '100' }).gradeTrackerMs).toBe(100);
    expect(loadEnterpriseConfig({ ...env, RATING_TRACKER_MS: '60000' }).gradeTrackerMs).toBe(60_000);
    for (const bad of ['99', '60001', '250.5', 'sometimes']) {
      expect(issues(() => loadEnterpriseConfig({ ...env, RATING_TRACKER_MS: bad }))).toEqual([expect.stringMatching(/^RATING_TRACKER_MS: /)]);
    }
  });

  it('reads bulk files in the subgraph unless INGEST_RUNNER=external leaves them to the runner process, spooled under DATA_DIR/ingest', () => {
    expect(loadEnterpriseConfig({ ...env, DATA_DIR: '/srv/cg' })).toMatchObject({ ingestRunner: 'in-process', ingestSpoolDir: '/srv/cg/ingest' });
    expect(loadEnterpriseConfig({ ...env, INGEST_RUNNER: 'external' }).ingestRunner).toBe('external');
    expect(issues(() => loadEnterpriseConfig({ ...env, INGEST_RUNNER: 'thread' }))).toEqual([expect.stringContaining('INGEST_RUNNER must be in-process or external')]);
  });

  it('runs retention daily at 03:00 CST, deleting negative records five years after their publicity end, unless told otherwise', () => {
    expect(loadEnterpriseConfig(env).retention).toEqual({ hourCst: 3, negativeYears: 5 });
    expect(loadEnterpriseConfig({ ...env, RETENTION_HOUR_CST: '0', RETENTION_NEGATIVE_YEARS: '1' }).retention).toEqual({ hourCst: 0, negativeYears: 1 });
    expect(loadEnterpriseConfig({ ...env, RETENTION_HOUR_CST: '23', RETENTION_NEGATIVE_YEARS: '100' }).retention).toEqual({ hourCst: 23, negativeYears: 100 });
    expect(loadEnterpriseConfig({ ...env, RETENTION_HOUR_CST: 'off' }).retention).toEqual({ hourCst: null, negativeYears: 5 });
  });

  it('refuses a retention hour outside 0-23 and a retention outside 1-100 whole years', () => {
    for (const [key, bad] of [['RETENTION_HOUR_CST', '24'], ['RETENTION_HOUR_CST', '-1'], ['RETENTION_HOUR_CST', '3.5'],
      ['RETENTION_NEGATIVE_YEARS', '0'], ['RETENTION_NEGATIVE_YEARS', '101'], ['RETENTION_NEGATIVE_YEARS', '4.5']]) {
      expect(issues(() => loadEnterpriseConfig({ ...env, [key]: bad }))).toEqual([expect.stringMatching(new RegExp(`^${key}: `))]);
    }
  });

  it('lists every bad key in one error', () => {
    expect(issues(() => loadEnterpriseConfig({ HOLIDAY_CALENDAR_FILE: '' }))).toEqual([
      'CALLER_SIGNING_SECRET: Invalid input: expected string, received undefined',
      'HOLIDAY_CALENDAR_FILE: HOLIDAY_CALENDAR_FILE must name a file',
    ]);
  });
});

describe('loadRetentionConfig', () => {
  it('reads the same retention variables and defaults as the subgraph, and nothing else', () => {
    expect(loadRetentionConfig({})).toEqual({ hourCst: 3, negativeYears: 5 });
    expect(loadRetentionConfig({ RETENTION_HOUR_CST: 'off', RETENTION_NEGATIVE_YEARS: '7' })).toEqual({ hourCst: null, negativeYears: 7 });
    expect(issues(() => loadRetentionConfig({ RETENTION_NEGATIVE_YEARS: '0' }))).toEqual([expect.stringMatching(/^RETENTION_NEGATIVE_YEARS: /)]);
  });
});
