/**
 * The route table of the HTTP front. A route names its methods and a path; `:name` matches one
 * segment (`/ingest/:item`, `/reports/:number.pdf`) and a final `*` the rest (`/console/*`). Its
 * handler gets the raw request, so it may stream the body, and answers on `res` itself. OPTIONS is
 * the front's (CORS preflight), and a method the route does not name is 405 with `Allow`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './respond.ts';

export interface RouteContext {
  url: URL;
  params: Readonly<Record<string, string>>;
  requestId: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => void | Promise<void>;

export interface Route {
  methods: readonly string[];
  path: string;
  pattern: RegExp;
  handle: RouteHandler;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function route(methods: string | readonly string[], path: string, handle: RouteHandler): Route {
  const list = (typeof methods === 'string' ? [methods] : [...methods]).map((m) => m.toUpperCase());
  const rest = path.endsWith('/*');
  const body = (rest ? path.slice(0, -1) : path).split(/(:[A-Za-z_]\w*)/)
    .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+?)` : escape(part))).join('');
  return { methods: list, path, pattern: new RegExp(`^${body}${rest ? '(?<rest>.*)' : ''}$`), handle };
}

/** The route for a path and its decoded parameters (a `*` route's tail is `params.rest`); null when none matches. */
export function matchRoute(routes: readonly Route[], pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) {
      try { params[k] = decodeURIComponent(v); } catch { return null; } // a malformed escape names nothing
    }
    return { route: r, params };
  }
  return null;
}

export const healthRoute = (service: string): Route =>
  route('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok', service }));

/** `GET /readyz`: 200 when `ready()` resolves true, 503 when it is false or fails. */
export const readinessRoute = (service: string, ready: () => Promise<boolean>): Route =>
  route('GET', '/readyz', async (_req, res) => {
    const ok = await ready().catch(() => false);
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', service });
  });

/** A JSON document served as it is (e.g. `/.well-known/jwks.json`). */
export const jsonRoute = (path: string, document: () => unknown): Route =>
  route('GET', path, (_req, res) => sendJson(res, 200, document()));
