/**
 * The gateway's HTTP front: a request id on every answer, CORS, and the route table (health,
 * readiness, documents, `/graphql`, and what later features add). Bad HTTP (path, method) gets a
 * GraphQL-shaped error with a code; an unexpected failure is logged once and answered
 * INTERNAL_SERVER_ERROR, never with a stack trace.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CreditGraphError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { createCors } from './cors.ts';
import { answer, errorBody, HttpRefusal, presetHeader, refusal, sendJson } from './respond.ts';
import { matchRoute, type Route } from './routes.ts';

export { graphqlRoute, type GraphqlRouteDeps } from './graphql.ts';
export type { Admit, ResponseInfo } from './operation.ts';
export { healthRoute, jsonRoute, readinessRoute, route, type Route, type RouteContext, type RouteHandler } from './routes.ts';

export interface HttpOptions {
  routes: readonly Route[];
  logger: Logger;
  /** Origins whose pages may call the API (CORS); none by default. */
  corsOrigins?: readonly string[];
}

const REQUEST_ID = /^[\w-]{1,64}$/;

export function createHttpHandler(opts: HttpOptions) {
  const cors = createCors(opts.corsOrigins ?? []);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedAt = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    presetHeader(res, 'x-request-id', requestId);
    try {
      const url = new URL(req.url ?? '/', 'http://gateway');
      const match = matchRoute(opts.routes, url.pathname);
      const methods = match?.route.methods ?? [];
      if (req.method === 'OPTIONS' && match) { cors.preflight(req, res, methods); return; }
      cors.decorate(req, res);
      if (!match) throw new HttpRefusal(404, 'Not found: the API is at /graphql.');
      if (!methods.includes(req.method ?? '')) {
        throw new HttpRefusal(405, `Use ${methods.join(' or ')} for ${url.pathname}.`, { allow: [...methods, 'OPTIONS'].join(', ') });
      }
      await match.route.handle(req, res, { url, params: match.params, requestId, startedAt });
    } catch (err) {
      if (res.headersSent) {
        if (!(err instanceof CreditGraphError)) opts.logger.error({ err, requestId }, 'unexpected gateway error after the answer began');
        res.destroy();
        return;
      }
      if (err instanceof CreditGraphError) { answer(res, refusal(err)); return; }
      opts.logger.error({ err, requestId }, 'unexpected gateway error');
      sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
    }
  };
}
