/**
 * `GET /console`: the pages (operator, institution portal, 我的信用, enterprise) and, when the
 * config allows it, `/console/explorer` (GraphiQL). Static files only, built from console/src and
 * committed in console/dist (console/build.ts; tests/console/assets.test.ts fails when they are
 * stale), read once at start: nothing here authenticates or reads data — the pages call /graphql
 * and /reports/<n> with the signed-in caller's own key or token, so they can do exactly what that
 * caller can do with curl, no more.
 *
 * Every answer carries a strict Content-Security-Policy: scripts, styles, fonts and fetches from
 * this origin only, no inline script or style element, no frames, no outside origin at all (the
 * platform runs on a closed government network).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpRefusal, writeHead } from './http/respond.ts';
import { route, type Route } from './http/routes.ts';

export const CONSOLE_DIR = fileURLToPath(new URL('../console/dist/', import.meta.url));

/** `data:` images: the integrity code's QR image; `data:` fonts: GraphiQL's stylesheet inlines its own. No other origin anywhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "font-src 'self' data:",
  "connect-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.svg': 'image/svg+xml',
};

interface Asset { body: Buffer; type: string; etag: string }

function load(dir: string): Map<string, Asset> {
  const files = new Map<string, Asset>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    files.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  return files;
}

export interface ConsoleOptions {
  /** Serve `/console/explorer` (GraphiQL). */
  explorer: boolean;
  /** Default: the committed build. */
  dir?: string;
}

/**
 * The routes: `/console` (the shell), `/console/explorer` and `/console/assets/<file>`. The file
 * list is fixed at start (no path from the request touches the file system).
 */
export function consoleRoutes(opts: ConsoleOptions): Route[] {
  const files = load(opts.dir ?? CONSOLE_DIR);
  const pages: Record<string, string> = { '': 'index.html', ...(opts.explorer ? { explorer: 'explorer.html' } : {}) };
  const serve = (name: string | undefined, req: { headers: Record<string, unknown> }, res: import('node:http').ServerResponse) => {
    const asset = name ? files.get(name) : undefined;
    if (!asset) throw new HttpRefusal(404, 'Not found: the console is at /console.');
    const headers = {
      'content-type': asset.type, 'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY',
      // Revalidated every time: a new build is seen at once, an unchanged one costs a 304.
      'cache-control': 'no-cache', etag: asset.etag,
    };
    if (req.headers['if-none-match'] === asset.etag) { writeHead(res, 304, headers); res.end(); return; }
    writeHead(res, 200, { ...headers, 'content-length': asset.body.length });
    res.end(asset.body);
  };
  return [
    route('GET', '/console', (req, res) => serve('index.html', req, res)),
    route('GET', '/console/*', (req, res, { params }) => {
      const rest = params.rest!; // after '/console/'
      // Pages only by their own paths (so a disabled explorer stays unreachable), the rest under assets/.
      if (rest.startsWith('assets/')) { const name = rest.slice('assets/'.length); return serve(name.endsWith('.html') ? undefined : name, req, res); }
      return serve(pages[rest], req, res);
    }),
  ];
}
