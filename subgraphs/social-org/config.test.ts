import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';
import { configIssues } from '../../lib/test-support.ts';
import { loadSocialOrgConfig } from './config.ts';

const valid = { CALLER_SIGNING_SECRET: 'c'.repeat(32), DATA_DIR: '/tmp/creditgraph-test' };

const issues = (env: Record<string, string | undefined>) => configIssues(() => loadSocialOrgConfig(env));

describe('loadSocialOrgConfig', () => {
  it('has the documented defaults: port 4003, the shipped catalogue, retention at 03:00 CST keeping negative records 5 years', () => {
    const c = loadSocialOrgConfig(valid);
    expect(c).toMatchObject({
      name: 'social-org', port: 4003, databaseUrl: 'file:/tmp/creditgraph-test/social-org.db',
      catalogueFile: DEFAULT_CATALOGUE_FILE, retention: { hourCst: 3, negativeYears: 5 },
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes each setting as given, and leaves retention to the CLI with RETENTION_HOUR_CST=off', () => {
    expect(loadSocialOrgConfig({ ...valid, CATALOGUE_FILE: '/c.json', RETENTION_HOUR_CST: '0', RETENTION_NEGATIVE_YEARS: '100' }))
      .toMatchObject({ catalogueFile: '/c.json', retention: { hourCst: 0, negativeYears: 100 } });
    expect(loadSocialOrgConfig({ ...valid, RETENTION_HOUR_CST: 'off' }).retention).toEqual({ hourCst: null, negativeYears: 5 });
  });

  it('lists every bad key in one error, the shared ones included', () => {
    expect(issues({ CALLER_SIGNING_SECRET: 'short', CATALOGUE_FILE: '', RETENTION_NEGATIVE_YEARS: '0' })).toEqual([
      'CALLER_SIGNING_SECRET: CALLER_SIGNING_SECRET must be at least 32 characters',
      'CATALOGUE_FILE: CATALOGUE_FILE must name a file',
      'RETENTION_NEGATIVE_YEARS: Too small: expected number to be >=1',
    ]);
  });
});
