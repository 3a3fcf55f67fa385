/**
 * Builds (never starts) a subgraph service: Fastify + Mercurius serving the schema that
 * `@apollo/subgraph`'s `buildSubgraphSchema` builds, with `jit` on. Every GraphQL request must
 * carry the gateway's signed caller header, bound to its exact body; anything else is refused
 * with 401 before execution, and so is a header used a second time for anything but a query.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { ANONYMOUS, CALLER_HEADER, verifyCaller, type Caller } from './caller.ts';
import { isErrorCode } from './errors.ts';
import type { Logger } from './logger.ts';
import { createReplayGuard, onlyQueries } from './replay-guard.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
    caller?: Caller;
  }
}

export interface SubgraphServerOptions<Ctx> {
  name: string;
  typeDefs: string;
  // Resolver maps as codegen types them; buildSubgraphSchema takes them as-is.
  resolvers: object;
  logger: Logger;
  callerSecret: string;
  /** Production mode. Responses do not depend on it: unexpected errors are masked in every mode. */
  production: boolean;
  createContext: (caller: Caller, request: FastifyRequest) => Ctx | Promise<Ctx>;
  /** Throws when the service cannot serve (database unreachable, migrations pending). */
  readiness: () => Promise<void>;
  bodyLimit?: number;
  /** How many mutation nonces are remembered at most (`lib/replay-guard.ts`; tests lower it). */
  replayMemoryEntries?: number;
}

export function buildSchema(typeDefs: string, resolvers: object): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: parse(typeDefs), resolvers: resolvers as never }]);
}

function unauthenticated(reason: string) {
  return { data: null, errors: [{ message: `Unauthenticated subgraph call: ${reason}`, extensions: { code: 'UNAUTHENTICATED' } }] };
}

const replayMemoryFull = {
  data: null,
  errors: [{ message: 'Too many mutations in flight to remember them all; retry shortly', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }],
};

export function createSubgraphServer<Ctx extends object>(opts: SubgraphServerOptions<Ctx>): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? 1_048_576,
    // Per-request lines are off: the gateway logs requests; subgraphs log what goes wrong.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: false,
  });
  const replayGuard = createReplayGuard(opts.replayMemoryEntries);

  // A stop finishes the requests in flight (forceCloseConnections: false), and must not wait for
  // connections that carry none: one whose request ends during the stop, or one a client (a
  // change follower reconnecting) opened just as the stop began, would otherwise hold it for the
  // keep-alive timeout (72 s). So while stopping, every answer says `connection: close`, and
  // connections with no request in flight are ended.
  let stopping = false;
  const inFlight = new Map<Socket, number>();
  app.server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.on('close', () => inFlight.delete(socket));
  });
  app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.on('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (stopping && left === 0) socket.destroySoon();
    });
  });
  app.addHook('preClose', async () => {
    stopping = true;
    const endIdle = () => { for (const [socket, n] of inFlight) if (n === 0) socket.destroySoon(); };
    endIdle();
    // Connections accepted after this instant (the listener closes right after the hooks).
    const sweep = setInterval(endIdle, 50).unref();
    app.server.once('close', () => clearInterval(sweep));
  });
  app.addHook('onSend', async (_request, reply) => { if (stopping) reply.header('connection', 'close'); });

  // Keep the raw body: the caller signature covers its exact bytes.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    req.rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const err = new Error('malformed JSON body') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    if (request.method !== 'POST') {
      return reply.code(405).header('allow', 'POST').send(unauthenticated('only POST with a signed caller is served'));
    }
    const header = request.headers[CALLER_HEADER];
    const result = verifyCaller(Array.isArray(header) ? header[0] : header, request.rawBody ?? '', opts.callerSecret);
    if (!result.ok) {
      request.log.warn({ reason: result.reason }, 'refused unsigned or forged subgraph call');
      return reply.code(401).send(unauthenticated(result.reason));
    }
    // Queries stay cheap (no memory); anything that may change state is single-use.
    if (!onlyQueries((request.body as { query?: unknown } | undefined)?.query)) {
      const claim = replayGuard.claim(result.nonce, result.exp);
      if (claim === 'REPLAYED') {
        request.log.warn({ requestId: result.caller.requestId }, 'refused a replayed subgraph mutation');
        return reply.code(401).send(unauthenticated('caller header already used'));
      }
      if (claim === 'FULL') {
        request.log.error({ requestId: result.caller.requestId }, 'replay memory full: refused a subgraph mutation');
        return reply.code(503).header('retry-after', '1').send(replayMemoryFull);
      }
    }
    request.caller = result.caller;
  });

  // Mercurius' response schema declares error path items as strings, so list positions leave as
  // "0"; @apollo/gateway relocates an entity error only when the position is a number.
  app.addHook('onRoute', (route) => {
    const responses = route.schema?.response as Record<string, { properties?: Record<string, any> }> | undefined;
    const ok = responses?.['2xx'] ?? responses?.['200'];
    const path = ok?.properties?.errors?.items?.properties?.path;
    if (path?.items) path.items = { type: ['string', 'integer'] };
  });

  app.register(mercurius, {
    schema: buildSchema(opts.typeDefs, opts.resolvers),
    jit: 1,
    graphiql: false,
    path: '/graphql',
    context: (request) => opts.createContext(request.caller ?? { principal: ANONYMOUS, purpose: null, requestId: request.id }, request),
    errorFormatter: (execution, ctx) => {
      const log: FastifyBaseLogger = ctx.reply?.log ?? opts.logger;
      // Mercurius wraps validation errors in one MER_ERR_GQL_VALIDATION error holding them all,
      // variable coercion errors too: a scalar's refusal keeps its code and reason (lib/scalars.ts).
      const flat = execution.errors.flatMap((error: GraphQLError) => {
        const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
        return Array.isArray(inner)
          ? inner.map((e: GraphQLError) => new GraphQLError(e.message, {
            nodes: e.nodes, extensions: isErrorCode(e.extensions?.code) ? e.extensions : { code: 'GRAPHQL_VALIDATION_FAILED' },
          }))
          : [error];
      });
      const errors = flat.map((error: GraphQLError) => {
        const code = error.extensions?.code;
        const path = error.path;
        if (isErrorCode(code)) return error.toJSON();
        if (!error.originalError) {
          // A GraphQL-level error (validation): keep graphql-js's message, code it.
          return { ...error.toJSON(), extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } };
        }
        // The message of an unexpected error can hold SQL, a query with its values, file paths and
        // source lines (Prisma's do): it goes to the log only, in development too.
        log.error({ err: error.originalError, path }, 'unexpected resolver error');
        return { message: 'Internal server error', path, locations: error.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      });
      return { statusCode: 200, response: { data: execution.data ?? null, errors } };
    },
  });

  app.get('/healthz', async () => ({ status: 'ok', service: opts.name }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await opts.readiness();
      return { status: 'ready', service: opts.name };
    } catch (err) {
      opts.logger.warn({ err }, 'not ready');
      return reply.code(503).send({ status: 'not ready', service: opts.name });
    }
  });
  return app;
}
