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
