/** gateway/console-route.ts and the config switch: what the gateway serves at /console, with which headers. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../lib/logger.ts';
import { createHttpHandler } from '../../gateway/http/index.ts';
import { consoleRoutes, CONTENT_SECURITY_POLICY } from '../../gateway/console-route.ts';
import { loadGatewayConfig } from '../../gateway/config.ts';

const servers: Server[] = [];
async function serve(explorer: boolean): Promise<string> {
  const handler = createHttpHandler({ routes: consoleRoutes({ explorer }), logger: createLogger({ name: 'test', level: 'silent' }) });
  const server = createServer((req, res) => void handler(req, res));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let on: string;
let off: string;
beforeAll(async () => { [on, off] = await Promise.all([serve(true), serve(false)]); });
afterAll(async () => { await Promise.all(servers.map((s) => new Promise((r) => s.close(r)))); });

describe('the console route', () => {
  it('serves the shell at /console and /console/ with a strict CSP and no caching without revalidation', async () => {
    for (const path of ['/console', '/console/']) {
      const res = await fetch(`${on}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<script type="module" src="/console/assets/app.js"></script>');
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|https?:|\*/);
  });

  it('answers 304 to a revalidation of an unchanged asset', async () => {
    const first = await fetch(`${on}/console/assets/app.js`);
    expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const again = await fetch(`${on}/console/assets/app.js`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves the explorer only when switched on', async () => {
    expect((await fetch(`${on}/console/explorer`)).status).toBe(200);
    expect((await fetch(`${off}/console/explorer`)).status).toBe(404);
    expect((await fetch(`${off}/console/assets/explorer.html`)).status).toBe(404);
  });

  it('serves nothing but the built files', async () => {
    for (const path of ['/console/assets/../../package.json', '/console/assets/%2e%2e%2fbuild.ts', '/console/assets/', '/console/index.html', '/console/nosuch']) {
      expect({ path, status: (await fetch(`${on}${path}`)).status }).toEqual({ path, status: 404 });
    }
  });
});

describe('the console switch in the gateway config', () => {
  const env = { CALLER_SIGNING_SECRET: 'c'.repeat(32), DATA_DIR: '/tmp/creditgraph-test' };
  const prod = { ...env, NODE_ENV: 'production', JWT_JWKS_FILE: '/etc/idp.json' };
  it('turns the explorer on in development and off in production unless asked for', () => {
    expect(loadGatewayConfig(env).console).toEqual({ enabled: true, explorer: true });
    expect(loadGatewayConfig(prod).console).toEqual({ enabled: true, explorer: false });
    expect(loadGatewayConfig({ ...prod, CONSOLE_EXPLORER: 'on' }).console).toEqual({ enabled: true, explorer: true });
    expect(loadGatewayConfig({ ...env, CONSOLE_EXPLORER: 'off' }).console).toEqual({ enabled: true, explorer: false });
    expect(loadGatewayConfig({ ...env, CONSOLE: 'off' }).console).toEqual({ enabled: false, explorer: false });
    expect(() => loadGatewayConfig({ ...env, CONSOLE_EXPLORER: 'yes' })).toThrow(/CONSOLE_EXPLORER/);
  });
});
