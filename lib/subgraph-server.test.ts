/** Who a subgraph call runs as: the signed caller header, and nothing else. */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { signCaller, type Caller } from './caller.ts';
import { createLogger } from './logger.ts';
import { createSubgraphServer } from './subgraph-server.ts';

const SECRET = 'a-caller-signing-secret-of-32-chars!!';
const typeDefs = 'type Query { whoami: String! }';
const resolvers = { Query: { whoami: (_p: unknown, _a: unknown, ctx: { caller: Caller }) => JSON.stringify(ctx.caller.principal) } };
const BODY = JSON.stringify({ query: '{ whoami }' });

const bank: Caller = {
  principal: { kind: 'INSTITUTION', institutionId: 'i-1', institutionKind: 'FINANCIAL', institutionName: 'Bank', scopes: ['loans:read'] },
  purpose: null,
  requestId: 'r-1',
};
/** The unsigned header the subgraphs once read in a bench mode that no longer exists. */
const OLD_BENCH_HEADER = 'x-creditgraph-bench-caller';
const benchHeader = (caller: Caller) => Buffer.from(JSON.stringify(caller)).toString('base64url');

let app: FastifyInstance | undefined;
afterEach(async () => { await app?.close(); app = undefined; });

function serve(opts: { production?: boolean } = {}) {
  app = createSubgraphServer<{ caller: Caller }>({
    name: 'test', typeDefs, resolvers, logger: createLogger({ name: 'test', level: 'silent' }),
    callerSecret: SECRET, production: opts.production ?? false,
    createContext: (caller) => ({ caller }), readiness: async () => {},
  });
  return (headers: Record<string, string>) => app!.inject({
    method: 'POST', url: '/graphql', payload: BODY, headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('subgraph caller', () => {
  it.each([true, false])('refuses an unsigned call with the old bench caller header (production: %s)', async (production) => {
    const post = serve({ production });
    const res = await post({ [OLD_BENCH_HEADER]: benchHeader(bank) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ data: null, errors: [{ message: expect.stringContaining('missing x-creditgraph-caller'), extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('refuses an unsigned call without any caller header', async () => {
    const res = await serve()({});
    expect(res.statusCode).toBe(401);
    expect(res.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('runs a signed call as the signed caller, whatever a bench caller header says', async () => {
    const post = serve();
    const anonymous: Caller = { principal: { kind: 'ANONYMOUS' }, purpose: null, requestId: 'r-2' };
    const res = await post({ 'x-creditgraph-caller': signCaller(anonymous, BODY, SECRET), [OLD_BENCH_HEADER]: benchHeader(bank) });
    expect(res.json()).toEqual({ data: { whoami: JSON.stringify({ kind: 'ANONYMOUS' }) } });
    const signed = await post({ 'x-creditgraph-caller': signCaller(bank, BODY, SECRET) });
    expect(signed.json()).toEqual({ data: { whoami: JSON.stringify(bank.principal) } });
  });

  it('refuses a header signed with another secret', async () => {
    const post = serve();
    const res = await post({ 'x-creditgraph-caller': signCaller(bank, BODY, 'another-secret-of-at-least-32-chars!') });
    expect(res.statusCode).toBe(401);
    expect(res.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('subgraph replay memory', () => {
  it('refuses a mutation with 503 SUBGRAPH_UNAVAILABLE and Retry-After when its nonce memory is full, and still serves queries', async () => {
    let bumps = 0;
    app = createSubgraphServer<{ caller: Caller }>({
      name: 'test', typeDefs: `${typeDefs} type Mutation { bump: Int! }`,
      resolvers: { ...resolvers, Mutation: { bump: () => ++bumps } },
      logger: createLogger({ name: 'test', level: 'silent' }), callerSecret: SECRET, production: true,
      createContext: (caller) => ({ caller }), readiness: async () => {}, replayMemoryEntries: 1,
    });
    const send = (body: string) => app!.inject({
      method: 'POST', url: '/graphql', payload: body,
      headers: { 'content-type': 'application/json', 'x-creditgraph-caller': signCaller(bank, body, SECRET) },
    });
    const mutation = JSON.stringify({ query: 'mutation { bump }' });
    expect((await send(mutation)).json()).toEqual({ data: { bump: 1 } });
    const refused = await send(mutation);
    expect([refused.statusCode, refused.headers['retry-after'], refused.json().errors[0].extensions.code]).toEqual([503, '1', 'SUBGRAPH_UNAVAILABLE']);
    expect(bumps).toBe(1);
    expect((await send(BODY)).json()).toEqual({ data: { whoami: JSON.stringify(bank.principal) } });
  });
});

describe('subgraph error formatting', () => {
  it('answers an unexpected error as INTERNAL_SERVER_ERROR without its message outside production, and logs the detail', async () => {
    const lines: string[] = [];
    const detail = 'Invalid `prisma.usageBucket.groupBy()` invocation in /srv/subgraphs/platform/db/usage.ts:38:3 SELECT "hourStart" FROM "UsageBucket"';
    app = createSubgraphServer<{ caller: Caller }>({
      name: 'test', typeDefs, resolvers: { Query: { whoami: () => { throw new Error(detail); } } },
      logger: createLogger({ name: 'test', level: 'error', destination: { write: (line: string) => { lines.push(line); } } }),
      callerSecret: SECRET, production: false, createContext: (caller) => ({ caller }), readiness: async () => {},
    });
    const res = await app.inject({
      method: 'POST', url: '/graphql', payload: BODY,
      headers: { 'content-type': 'application/json', 'x-creditgraph-caller': signCaller(bank, BODY, SECRET) },
    });
    expect(res.json()).toEqual({
      data: null,
      errors: [{ message: 'Internal server error', path: ['whoami'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    expect(lines.join('')).toContain('prisma.usageBucket.groupBy()');
  });
});
