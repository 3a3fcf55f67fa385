import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../lib/config.ts';
import { loadFinanceConfig } from './config.ts';

const valid = { CALLER_SIGNING_SECRET: 'c'.repeat(32), DATA_DIR: '/tmp/creditgraph-test' };

describe('loadFinanceConfig', () => {
  it('finds the enterprise subgraph on this host\'s port 4001 unless told where', () => {
    expect(loadFinanceConfig(valid)).toMatchObject({ name: 'finance', port: 4004, enterpriseUrl: 'http://127.0.0.1:4001/graphql' });
    expect(loadFinanceConfig({ ...valid, HOST: '127.0.0.2', ENTERPRISE_PORT: '5001' }).enterpriseUrl).toBe('http://127.0.0.2:5001/graphql');
    expect(loadFinanceConfig({ ...valid, ENTERPRISE_URL: 'http://127.0.0.1:9/graphql', ENTERPRISE_PORT: '5001' }).enterpriseUrl).toBe('http://127.0.0.1:9/graphql');
  });

  it('finds the platform subgraph (lenders are tied to its institutions) on this host\'s port 4005 unless told where', () => {
    expect(loadFinanceConfig(valid).platformUrl).toBe('http://127.0.0.1:4005/graphql');
    expect(loadFinanceConfig({ ...valid, HOST: '127.0.0.2', PLATFORM_PORT: '5005' }).platformUrl).toBe('http://127.0.0.2:5005/graphql');
    expect(loadFinanceConfig({ ...valid, PLATFORM_URL: 'http://127.0.0.1:9/graphql', PLATFORM_PORT: '5005' }).platformUrl).toBe('http://127.0.0.1:9/graphql');
    let issues: string[] = [];
    try { loadFinanceConfig({ ...valid, PLATFORM_URL: 'nowhere', PLATFORM_PORT: '0' }); } catch (err) { issues = (err as ConfigError).issues; }
    expect(issues.sort()).toEqual(['PLATFORM_PORT: Too small: expected number to be >=1', 'PLATFORM_URL: PLATFORM_URL must be a URL']);
  });

  it('lists every bad key, the shared ones included, in one error', () => {
    let issues: string[] = [];
    try { loadFinanceConfig({ CALLER_SIGNING_SECRET: 'short', ENTERPRISE_URL: 'nowhere', ENTERPRISE_PORT: '0' }); } catch (err) { issues = (err as ConfigError).issues; }
    expect(issues.sort()).toEqual([
      'CALLER_SIGNING_SECRET: CALLER_SIGNING_SECRET must be at least 32 characters',
      'ENTERPRISE_PORT: Too small: expected number to be >=1',
      'ENTERPRISE_URL: ENTERPRISE_URL must be a URL',
    ]);
    try { loadFinanceConfig({ ...valid, ENTERPRISE_PORT: '65536' }); } catch (err) { issues = (err as ConfigError).issues; }
    expect(issues).toEqual(['ENTERPRISE_PORT: Too big: expected number to be <=65535']);
  });
});
