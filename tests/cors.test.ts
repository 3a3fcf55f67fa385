/**
 * CORS at the real gateway: only origins on CORS_ORIGINS get CORS headers, on preflights and on
 * every actual answer (refusals included, so a page can read a 401 or a 429); any other origin
 * gets none; without CORS_ORIGINS there are none at all.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadGatewayConfig } from '../gateway/config.ts';
import { startGateway, type RunningGateway } from '../gateway/main.ts';
import { envPrefix } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { apiKey, startStack, type Stack } from './support/stack.ts';

const BANK = 'https://bank.example.cn';
const CITY = 'https://credit.partner-city.example.cn:8443';
const EVIL = 'https://evil.example.com';

let stack: Stack;
let plain: RunningGateway;

beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { CORS_ORIGINS: `${BANK}, ${CITY}`, ANONYMOUS_RATE_PER_SECOND: '1', ANONYMOUS_BURST: '3' } });
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [`${envPrefix(n)}_URL`, s.url]));
  plain = await startGateway({ ...stack.env, ...urls }, { port: 0, logger: createLogger({ name: 'gateway-plain', level: 'warn' }) });
});
afterAll(async () => {
  await plain?.close();
  await stack?.close();
});

const corsHeaders = (h: Headers) => [...h.keys()].filter((k) => k.startsWith('access-control-'));

function preflight(url: string, origin: string) {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key, x-purpose' },
  });
}

describe('preflight', () => {
  it('answers an allowed origin 204 with the methods, the headers the API reads and a max age', async () => {
    for (const origin of [BANK, CITY]) {
      const res = await preflight(stack.url, origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
      const allowed = res.headers.get('access-control-allow-headers')!.split(/,\s*/);
      expect(allowed.sort()).toEqual(['authorization', 'content-type', 'x-api-key', 'x-purpose', 'x-request-id']);
      expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      expect(res.headers.get('vary')).toBe('Origin');
      expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('gives an origin not on the list, or a near miss of one, no CORS headers', async () => {
    for (const origin of [EVIL, 'http://bank.example.cn', 'https://bank.example.cn.evil.com', 'null']) {
      const res = await preflight(stack.url, origin);
      expect(res.status).toBe(204);
      expect(corsHeaders(res.headers)).toEqual([]);
      expect(res.headers.get('vary')).toBe('Origin');
    }
  });

  it('answers the preflight of the other routes too, and 404 for a path that is none', async () => {
    const base = stack.url.replace(/\/graphql$/, '');
    const health = await preflight(`${base}/healthz`, BANK);
    expect([health.status, health.headers.get('access-control-allow-methods')]).toEqual([204, 'GET']);
    expect((await preflight(`${base}/nowhere`, BANK)).status).toBe(404);
  });
});

describe('actual requests', () => {
  it('lets an allowed origin read the answer and its RateLimit, Retry-After and x-request-id headers', async () => {
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { origin: BANK, 'content-type': 'application/json', ...apiKey(stack.credentials.institutions.FINANCIAL.apiKey) },
      body: JSON.stringify({ query: '{ me { kind } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(BANK);
    const exposed = res.headers.get('access-control-expose-headers')!.split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'x-request-id']));
    expect(res.headers.get('vary')).toBe('Origin, Accept');
  });

  it('puts the CORS headers on refusals too: 401 and 429', async () => {
    const denied = await fetch(stack.url, { method: 'POST', headers: { origin: CITY, 'content-type': 'application/json', 'x-api-key': 'cg_bad_key' }, body: '{"query":"{ me { kind } }"}' });
    expect([denied.status, denied.headers.get('access-control-allow-origin')]).toEqual([401, CITY]);
    // The anonymous bucket here holds 3 (ANONYMOUS_BURST); the fourth quick request is over it.
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 5; i++) {
      last = await fetch(stack.url, { method: 'POST', headers: { origin: CITY, 'content-type': 'application/json' }, body: '{"query":"{ me { kind } }"}' });
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    expect(last!.headers.get('access-control-allow-origin')).toBe(CITY);
    expect(last!.headers.get('retry-after')).not.toBeNull();
  });

  it('gives another origin no CORS headers on its answers', async () => {
    const res = await fetch(`${stack.url.replace(/\/graphql$/, '')}/healthz`, { headers: { origin: EVIL } });
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual([]);
  });
});

describe('without CORS_ORIGINS', () => {
  it('gives no origin CORS headers, on preflights or answers', async () => {
    const pre = await preflight(plain.url, BANK);
    expect(pre.status).toBe(204);
    expect(corsHeaders(pre.headers)).toEqual([]);
    const res = await fetch(plain.url, { method: 'POST', headers: { origin: BANK, 'content-type': 'application/json' }, body: '{"query":"{ me { kind } }"}' });
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual([]);
  });

  it('refuses a CORS_ORIGINS entry that is not an origin, naming it', () => {
    for (const bad of ['*', 'https://bank.example.cn/', 'https://bank.example.cn/api', 'bank.example.cn', 'HTTPS://BANK.EXAMPLE.CN']) {
      expect(() => loadGatewayConfig({ ...stack.env, CORS_ORIGINS: `${BANK},${bad}` })).toThrow(/CORS_ORIGINS\.1: each entry must be an origin/);
    }
    expect(loadGatewayConfig({ ...stack.env, CORS_ORIGINS: ` ${BANK} ,${CITY}` }).corsOrigins).toEqual([BANK, CITY]);
  });
});
