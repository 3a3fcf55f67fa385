import { describe, expect, it } from '@jest/globals';
import { allowList, checkUrl, guardedLookup, parseNetworks, refusal, resolveChecked } from './address-guard.ts';

const none = allowList([]);

describe('refusal', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0',
    '::1', '::', 'fe80::1', 'fd00:ec2::254', '::ffff:10.0.0.1', '224.0.0.1'])('refuses %s by default', (ip) => {
    expect(refusal(ip, none)).toMatch(/loopback, private, link-local, metadata or reserved/);
  });

  it.each(['93.184.216.34', '2606:4700::1111', '114.114.114.114'])('lets the public address %s through', (ip) => {
    expect(refusal(ip, none)).toBeNull();
  });

  it('lets an allowlisted network through and nothing beside it', () => {
    const allowed = allowList(parseNetworks('127.0.0.1/32, 10.1.0.0/16'));
    expect([refusal('127.0.0.1', allowed), refusal('10.1.9.9', allowed)]).toEqual([null, null]);
    expect(refusal('127.0.0.2', allowed)).not.toBeNull();
    expect(refusal('10.2.0.1', allowed)).not.toBeNull();
  });
});

describe('parseNetworks', () => {
  it('reads CIDRs and bare addresses, and throws on anything else', () => {
    expect(parseNetworks('127.0.0.0/8,::1')).toEqual([
      { address: '127.0.0.0', prefix: 8, family: 'ipv4' }, { address: '::1', prefix: 128, family: 'ipv6' },
    ]);
    expect(() => parseNetworks('10.0.0.0/33')).toThrow('not a CIDR');
    expect(() => parseNetworks('example.com')).toThrow('not a CIDR');
  });
});

describe('checkUrl', () => {
  it('wants https in production, and refuses credentials and other schemes everywhere', () => {
    expect(() => checkUrl('http://203.0.113.9/h', { allowed: [], httpsOnly: true })).toThrow('must be https');
    expect(checkUrl('https://203.0.113.9/h', { allowed: [], httpsOnly: true }).href).toBe('https://203.0.113.9/h');
    expect(checkUrl('http://203.0.113.9/h', { allowed: [], httpsOnly: false }).protocol).toBe('http:');
    expect(() => checkUrl('https://u:p@203.0.113.9/h', { allowed: [], httpsOnly: true })).toThrow('credentials');
    expect(() => checkUrl('file:///etc/passwd', { allowed: [], httpsOnly: false })).toThrow('must be http or https');
    expect(() => checkUrl('not a url', { allowed: [], httpsOnly: false })).toThrow('not an absolute URL');
  });
});

describe('after DNS', () => {
  it('refuses a name that resolves to loopback unless loopback is allowed', async () => {
    await expect(resolveChecked('localhost', none)).rejects.toThrow(/localhost: .* is a loopback/);
    const loopback = allowList(parseNetworks('127.0.0.0/8,::1/128'));
    expect((await resolveChecked('localhost', loopback)).length).toBeGreaterThan(0);
  });

  it('hands a socket only the addresses it checked, and an error for a refused one', async () => {
    const lookup = guardedLookup(none);
    const err = await new Promise((resolve) => (lookup as (...a: unknown[]) => void)('localhost', {}, (e: unknown) => resolve(e)));
    expect(String(err)).toMatch(/is a loopback/);
    const ok = guardedLookup(allowList(parseNetworks('127.0.0.0/8,::1/128')));
    const got = await new Promise((resolve) => (ok as (...a: unknown[]) => void)('127.0.0.1', { all: true }, (_e: unknown, a: unknown) => resolve(a)));
    expect(got).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});
