import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';
import { configIssues as issues } from '../../lib/test-support.ts';
import { DEFAULT_RETRY_WINDOW_MS, loadPlatformConfig } from './config.ts';

const valid = { CALLER_SIGNING_SECRET: 'c'.repeat(32), DATA_DIR: '/tmp/creditgraph-test' };

describe('loadPlatformConfig', () => {
  it('has the documented defaults: no change log followed (enterprise, person nor social-org), webhooks sent, 10 s, 5 s, 24 h, 16 at a time', () => {
    const c = loadPlatformConfig(valid);
    expect(c).toMatchObject({ name: 'platform', port: 4005, catalogueFile: DEFAULT_CATALOGUE_FILE });
    expect(c.monitoring).toEqual({
      changeLogUrl: null, personUrl: null, socialOrgUrl: null, dispatch: true, allowedNetworks: [], timeoutMs: 10_000, retryBaseMs: 5_000, retryWindowMs: 24 * 3600_000, concurrency: 16,
    });
    expect(DEFAULT_RETRY_WINDOW_MS).toBe(86_400_000);
    expect(Object.isFrozen(c.monitoring)).toBe(true);
  });

  it('takes each setting as given', () => {
    const c = loadPlatformConfig({
      ...valid, ENTERPRISE_URL: 'http://127.0.0.1:4001/graphql', PERSON_URL: 'http://127.0.0.1:4002/graphql', SOCIAL_ORG_URL: 'http://127.0.0.1:4003/graphql', MONITORING_DISPATCH: 'false', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8, ::1/128',
      WEBHOOK_TIMEOUT_MS: '100', WEBHOOK_RETRY_BASE_MS: '1', WEBHOOK_RETRY_WINDOW_MS: '1', WEBHOOK_CONCURRENCY: '256', CATALOGUE_FILE: '/c.json',
    });
    expect(c.catalogueFile).toBe('/c.json');
    expect(c.monitoring).toMatchObject({ changeLogUrl: 'http://127.0.0.1:4001', personUrl: 'http://127.0.0.1:4002', socialOrgUrl: 'http://127.0.0.1:4003', dispatch: false, timeoutMs: 100, retryBaseMs: 1, retryWindowMs: 1, concurrency: 256 });
    expect(c.monitoring.allowedNetworks).toHaveLength(2);
  });

  it('lists every bad key in one error', () => {
    expect(issues(() => loadPlatformConfig({
      ...valid, ENTERPRISE_URL: 'not a url', MONITORING_DISPATCH: 'yes', WEBHOOK_ALLOWED_NETWORKS: 'example.com', WEBHOOK_TIMEOUT_MS: '99',
      WEBHOOK_RETRY_BASE_MS: '0', WEBHOOK_CONCURRENCY: '257', CATALOGUE_FILE: '',
    })).sort()).toEqual([
      'CATALOGUE_FILE: CATALOGUE_FILE must name a file',
      'ENTERPRISE_URL: ENTERPRISE_URL must be a URL',
      'MONITORING_DISPATCH: Invalid option: expected one of "true"|"false"',
      'WEBHOOK_ALLOWED_NETWORKS: WEBHOOK_ALLOWED_NETWORKS must be comma-separated CIDRs such as 127.0.0.0/8,::1/128',
      'WEBHOOK_CONCURRENCY: Too big: expected number to be <=256',
      'WEBHOOK_RETRY_BASE_MS: Too small: expected number to be >=1',
      'WEBHOOK_TIMEOUT_MS: Too small: expected number to be >=100',
    ]);
    expect(issues(() => loadPlatformConfig({ ...valid, WEBHOOK_CONCURRENCY: '0' }))).toEqual(['WEBHOOK_CONCURRENCY: Too small: expected number to be >=1']);
  });

  it('names the person and social-org subgraphs\' URLs when they are no URL', () => {
    expect(issues(() => loadPlatformConfig({ ...valid, PERSON_URL: 'person', SOCIAL_ORG_URL: 'social-org' }))).toEqual([
      'PERSON_URL: PERSON_URL must be a URL',
      'SOCIAL_ORG_URL: SOCIAL_ORG_URL must be a URL',
    ]);
  });
});
