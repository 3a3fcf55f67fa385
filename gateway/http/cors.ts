/**
 * CORS for the web pages of banks and partner cities: only origins on the allowlist
 * (`CORS_ORIGINS`, none by default) get CORS headers; any other origin gets none, so a browser
 * keeps the answer from its page. No credentials mode: keys and tokens travel in headers that a
 * page sets itself, never in cookies, so `Access-Control-Allow-Credentials` is not needed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addVary, presetHeader, writeHead } from './respond.ts';

/** The request headers the API reads (the CORS-safelisted ones, such as Accept, need no listing). */
const ALLOW_HEADERS = 'content-type, x-api-key, authorization, x-purpose, x-request-id';
/** Response headers a page may read besides the safelisted ones. */
const EXPOSE_HEADERS = 'ratelimit-limit, ratelimit-remaining, ratelimit-reset, ratelimit-policy, retry-after, x-request-id';
/**
 * Seconds a browser may reuse a preflight (Chromium caps it at 7200). Dropping an origin from the
 * list still takes effect at once: its actual responses lose Access-Control-Allow-Origin.
 */
const MAX_AGE_SECONDS = 7200;

export interface Cors {
  /** Sets the CORS headers of an actual (non-preflight) response. */
  decorate(req: IncomingMessage, res: ServerResponse): void;
  /** Answers OPTIONS: 204 with `Allow`, and the preflight's headers for an allowed origin. */
  preflight(req: IncomingMessage, res: ServerResponse, methods: readonly string[]): void;
}

export function createCors(origins: readonly string[]): Cors {
  const allowed = new Set(origins);
  const allowedOrigin = (req: IncomingMessage): string | null => {
    const origin = req.headers.origin;
    return typeof origin === 'string' && allowed.has(origin) ? origin : null;
  };
  return {
    decorate(req, res) {
      if (allowed.size === 0) return;
      // The answer depends on Origin whenever there is a list: caches must keep one per origin.
      addVary(res, 'Origin');
      const origin = allowedOrigin(req);
      if (!origin) return;
      presetHeader(res, 'access-control-allow-origin', origin);
      presetHeader(res, 'access-control-expose-headers', EXPOSE_HEADERS);
    },
    preflight(req, res, methods) {
      const allow = [...methods, 'OPTIONS'].join(', ');
      const headers: Record<string, string> = { allow, vary: 'Origin' };
      const origin = allowedOrigin(req);
      if (origin && req.headers['access-control-request-method'] !== undefined) {
        Object.assign(headers, {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': methods.join(', '),
          'access-control-allow-headers': ALLOW_HEADERS,
          'access-control-max-age': String(MAX_AGE_SECONDS),
        });
      }
      writeHead(res, 204, headers);
      res.end();
    },
  };
}
