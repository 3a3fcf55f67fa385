/**
 * Nothing calls out: the whole stack, started and used, opens connections only to the addresses it
 * was configured with (loopback here). `@apollo/gateway`'s telemetry (cloud-metadata probes and
 * metric export) is switched off in code, so this test runs without APOLLO_TELEMETRY_DISABLED.
 */
import dns from 'node:dns';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

const destinations: string[] = [];
const lookups: string[] = [];
const originalConnect = net.Socket.prototype.connect;
const originalLookup = dns.lookup;
const savedTelemetryEnv = process.env.APOLLO_TELEMETRY_DISABLED;
let stack: Stack;

beforeAll(async () => {
  delete process.env.APOLLO_TELEMETRY_DISABLED;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect() passes its normalized arguments as one array.
    const a = Array.isArray(args[0]) ? args[0] as unknown[] : args;
    const first = a[0] as { host?: string; port?: number; path?: string } | number | string;
    if (typeof first === 'object' && first !== null) {
      destinations.push(first.path ? `unix:${first.path}` : `${first.host ?? 'localhost'}:${first.port}`);
    } else if (typeof first === 'number') {
      destinations.push(`${typeof a[1] === 'string' ? a[1] : 'localhost'}:${first}`);
    } else if (typeof first === 'string') {
      destinations.push(`unix:${first}`);
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  (dns as { lookup: unknown }).lookup = function (hostname: string, ...rest: unknown[]) {
    lookups.push(hostname);
    return (originalLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
  net.Socket.prototype.connect = originalConnect;
  (dns as { lookup: unknown }).lookup = originalLookup;
  if (savedTelemetryEnv !== undefined) process.env.APOLLO_TELEMETRY_DISABLED = savedTelemetryEnv;
});

describe('outbound connections', () => {
  it('are made only to loopback while the stack starts and serves every subgraph', async () => {
    const c = stack.credentials;
    await stack.query(`query($u: ID!) { enterprise(uscc: $u) { name penalties { id } legalRepresentative { name } creditEasyLoans { amount } } }`,
      { variables: { u: c.enterprises[0]!.uscc }, headers: apiKey(c.institutions.FINANCIAL.apiKey) });
    await stack.query(`query($id: String!) { person(idNumber: $id) { name penalties { id } } }`,
      { variables: { id: c.persons[2]!.idNumber }, headers: bearer(c.persons[2]!.token) });
    await stack.query('{ me { kind } institutions { id } socialOrganization(uscc: "51440300MJL1234567") { name } }', { headers: bearer(c.operator.token) });
    // Give any background exporter a moment to try.
    await new Promise((r) => setTimeout(r, 1500));
    expect(destinations.length).toBeGreaterThan(0);
    const outside = destinations.filter((d) => !/^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]):\d+$|^unix:/.test(d));
    expect(outside).toEqual([]);
    const outsideLookups = lookups.filter((h) => !['localhost', '127.0.0.1', '::1'].includes(h));
    expect(outsideLookups).toEqual([]);
  });
});
