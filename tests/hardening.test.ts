/**
 * Abuse, faults and bad input at the gateway: limits before any subgraph is called, parse and
 * validation errors with Apollo's codes, a subgraph down or hanging, malformed HTTP, and a fuzz run
 * of generated bad requests. Every answer is a well-formed GraphQL error with a code; nothing
 * leaks a stack trace, SQL or a file path, and the gateway keeps serving.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let blackhole: Server;
let blackholePort = 0;

beforeAll(async () => {
  // A "subgraph" that accepts connections and never answers: the per-call timeout must hold.
  blackhole = createServer(() => { /* hold the socket open, say nothing */ });
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', () => r()));
  blackholePort = (blackhole.address() as { port: number }).port;
  stack = await startStack({ gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '1500', MAX_DEPTH: '7', ANONYMOUS_RATE_PER_SECOND: '100000', ANONYMOUS_BURST: '100000' } });
});
afterAll(async () => {
  await stack?.close();
  blackhole?.close();
});

const LEAK = /at \w+ \(|\.ts:\d+|\/work\/|node_modules|SELECT |INSERT |prisma|sqlite/i;

async function raw(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, method = 'POST') {
  const res = await fetch(stack.url, { method, headers, body: method === 'GET' ? undefined : body });
  const text = await res.text();
  return { status: res.status, text, json: (() => { try { return JSON.parse(text); } catch { return null; } })() };
}

describe('operation limits', () => {
  it('refuses a too-deep query with QUERY_TOO_COMPLEX and HTTP 400 before any subgraph is called', async () => {
    stack.resetSql();
    // Depth 8 (MAX_DEPTH is 7 here), reached through a fragment.
    const deep = await stack.query(`{ enterprises { edges { node { ...A } } } }
      fragment A on Enterprise { legalRepresentative { accessLog { edges { node { id } } } } }`);
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_DEPTH', max: 7, actual: 8 });
    expect(stack.sql.enterprise).toEqual([]);
    expect(stack.sql.person).toEqual([]);
  });

  it('names the limit: aliases, first, cost and batch size', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: me { kind }`).join(' ');
    const many = await stack.query(`{ ${aliases} }`);
    expect(many.status).toBe(400);
    expect(many.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    const first = await stack.query('{ enterprises(first: 1000) { edges { cursor } } }');
    expect(first.status).toBe(400);
    expect(first.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_LIST_FIRST', max: 100 });
    const batch = await raw(JSON.stringify(Array.from({ length: 11 }, () => ({ query: '{ me { kind } }' }))));
    expect(batch.status).toBe(400);
    expect(batch.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_BATCH' });
  });

  it('calls no subgraph for a refused operation', async () => {
    stack.resetSql();
    const r = await stack.query('{ enterprises(first: 101) { edges { node { uscc penalties { id } } } } }');
    expect(r.status).toBe(400);
    expect(stack.sql.enterprise).toEqual([]);
  });

  it('refuses a document over the token limit and a body over the size limit', async () => {
    const huge = await raw(JSON.stringify({ query: `{ me { ${'kind '.repeat(6000)} } }` }));
    expect(huge.status).toBe(400);
    expect(huge.json.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_TOKENS', max: 5000 });
    const big = await raw(JSON.stringify({ query: '{ me { kind } }', variables: { pad: 'x'.repeat(200_000) } }));
    expect(big.status).toBe(400);
    expect(big.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_BODY_BYTES' });
  });
});

describe('parse, validation and bad HTTP', () => {
  it('keeps Apollo\'s codes with HTTP 400 for parse and validation failures', async () => {
    const parse = await stack.query('{ enterprise(uscc: ');
    expect(parse.status).toBe(400);
    expect(parse.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await stack.query('{ enterprise(uscc: "x") { nosuchfield } }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers malformed JSON, a wrong content type, a wrong method and a non-object body with a coded error', async () => {
    const cases = [
      await raw('{"query": '),
      await raw('query { me { kind } }', { 'content-type': 'text/plain' }),
      await raw('', {}, 'DELETE'),
      await raw('42'),
      await raw('"just a string"'),
      await raw(JSON.stringify({ query: 42 })),
      await raw(JSON.stringify({ query: '{ me { kind } }', variables: 'nope' })),
      await raw(JSON.stringify({ query: 'query A { me { kind } } query B { me { kind } }', operationName: 'C' })),
    ];
    for (const c of cases) {
      expect(c.status).toBeGreaterThanOrEqual(400);
      expect(c.status).toBeLessThan(500);
      expect(c.json?.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
      expect(c.text).not.toMatch(LEAK);
    }
  });

  it('answers invalid variables with BAD_USER_INPUT and HTTP 400', async () => {
    const r = await stack.query('query($n: Int) { enterprises(first: $n) { edges { cursor } } }', { variables: { n: 'many' } });
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives 401 with a coded body for a credential in the wrong place', async () => {
    const r = await stack.query('{ me { kind } }', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(r.status).toBe(401);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('faults', () => {
  it('returns partial data with an error naming the subgraph when one is down, and recovers when it returns', async () => {
    const uscc = stack.credentials.enterprises[0]!.uscc;
    const q = `query($u: ID!) { enterprise(uscc: $u) { name legalRepresentative { name } } }`;
    const person = stack.subgraphs.person;
    const port = Number(new URL(person.url).port);
    await person.close();
    const down = await stack.query(q, { variables: { u: uscc } });
    expect(down.status).toBe(200);
    expect(down.body.data!.enterprise.name).toEqual(expect.any(String));
    expect(down.body.data!.enterprise.legalRepresentative).toBeNull();
    expect(down.body.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'person' });
    expect(JSON.stringify(down.body)).not.toMatch(LEAK);
    const { startSubgraph } = await import('../subgraphs/person/main.ts');
    stack.subgraphs.person = await startSubgraph(stack.env, { port });
    const back = await stack.query(q, { variables: { u: uscc } });
    expect(back.body.errors).toBeUndefined();
    expect(back.body.data!.enterprise.legalRepresentative.name).toEqual(expect.any(String));
  });

  it('times a hanging subgraph out and answers the rest', async () => {
    const { startGateway } = await import('../gateway/main.ts');
    const { createLogger } = await import('../lib/logger.ts');
    const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [`${n.toUpperCase().replace(/-/g, '_')}_URL`, s.url]));
    const gw = await startGateway({ ...stack.env, ...urls, FINANCE_URL: `http://127.0.0.1:${blackholePort}/graphql`, SUBGRAPH_TIMEOUT_MS: '800' },
      { port: 0, logger: createLogger({ name: 'gw-timeout', level: 'silent' }) });
    try {
      const started = Date.now();
      const res = await fetch(gw.url, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.credentials.operator.token}` },
        body: JSON.stringify({ query: `{ enterprise(uscc: "${stack.credentials.enterprises[0]!.uscc}") { name creditEasyLoans { amount } } }` }),
      });
      const body = await res.json() as { data: any; errors: any[] };
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(body.data.enterprise.name).toEqual(expect.any(String));
      expect(body.data.enterprise.creditEasyLoans).toBeNull();
      expect(body.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'finance' });
    } finally {
      await gw.close();
    }
  });
});

describe('fuzz', () => {
  // A small deterministic generator of requests that are each bad by construction (so a success is
  // a failure of the test): mangled JSON, wrong types, broken documents, hostile strings in
  // identifiers and variables, names of operations that are not there, batches of such operations
  // and large documents each seen once.
  function* badRequests(n: number): Generator<{ body: string; headers: Record<string, string> }> {
    let s = 0x1234abcd;
    const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const junk = ['', '{', '}', '(', ')', '"', '\\', '\u0000', '\ud800', '🙂', '$', '@', '...', '#', '9'.repeat(40), 'x'.repeat(3000), '\'; DROP TABLE "Enterprise"; --', '../../etc/passwd', '%00', '${jndi:ldap://x}'];
    // Junk that no JSON text or GraphQL document may start with (and stay valid).
    const badStart = junk.filter((j) => j !== '' && j !== '{');
    // Fields whose string argument, replaced by junk, is an invalid identifier.
    const withIdentifier = ['enterprise(uscc: "9144030071526726XG") { name }', 'person(idNumber: "11010519491231002X") { name }', 'socialOrganization(uscc: "x") { name }'];
    const fields = [...withIdentifier, 'me { kind }', 'enterprises { edges { cursor } }', '__schema { types { name } }'];
    for (let i = 0; i < n; i++) {
      const kind = Math.floor(rnd() * 10);
      let body: string;
      // A batch of bad operations: each must be answered with its own coded error.
      const badOperation = () => pick([
        { query: `{ ${pick(fields).replace(/\{ (\w+)/, '{ nosuch_$1')} }` },
        { query: pick(badStart) + pick(fields) },
        { query: 'query($u: ID!) { enterprise(uscc: $u) { name } }', variables: { u: pick([null, 1, [], {}]) } },
        { query: `{ ${pick(fields)} }`, operationName: pick(badStart) },
      ]);
      // A large document never seen before (issue 20: a stream of distinct documents): ~18 kB of
      // aliased lookups with a field that does not exist, different on every request.
      const hugeDistinct = () => `{ ${Array.from({ length: 25 }, (_, k) => `a${k}_${i}: enterprise(uscc: "9144030071526726XG") { ${'name uscc '.repeat(60)} unknown_${i}_${k} }`).join(' ')} }`;
      if (kind === 0) { const whole = JSON.stringify({ query: `{ ${pick(fields)} }` }); body = whole.slice(0, Math.floor(rnd() * whole.length)); }
      else if (kind === 1) body = JSON.stringify({ query: `{ ${pick(withIdentifier).replace(/"[^"]*"/, JSON.stringify(pick(junk)))} }` });
      else if (kind === 2) body = JSON.stringify({ query: pick(badStart) + pick(fields) + pick(junk) });
      else if (kind === 3) body = JSON.stringify({ query: 'query($u: ID!) { enterprise(uscc: $u) { name } }', variables: { u: pick([null, 1, true, [], {}, pick(junk)]) } });
      else if (kind === 4) body = JSON.stringify({ query: pick([null, 1, [], {}, true]), variables: pick([null, 'x', 1]) });
      else if (kind === 5) body = JSON.stringify({ query: `{ ${pick(fields)} }`, operationName: pick(badStart), extensions: pick([null, 'x', { persistedQuery: { version: 1, sha256Hash: 'abc' } }]) });
      else if (kind === 6) body = pick(badStart) + JSON.stringify({ query: '{ me { kind } }' });
      else if (kind === 7) body = JSON.stringify(Array.from({ length: 1 + Math.floor(rnd() * 10) }, badOperation));
      else if (kind === 8) body = JSON.stringify({ query: hugeDistinct() });
      else body = JSON.stringify({ query: `query($n: Int, $s: String!) { person(idNumber: $s) { id } enterprises(first: $n) { edges { cursor } } }`, variables: { n: pick([-1, 2 ** 40, 'x', 1.5]), s: pick(junk) } });
      yield { body, headers: { 'content-type': pick(['application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/graphql-response+json']), ...(rnd() < 0.1 ? { 'x-api-key': Buffer.from(pick(junk)).toString('base64url') || 'x' } : {}) } };
    }
  }

  it('answers 2,000 generated bad requests (batches and large distinct documents among them) with coded errors, never a success, a 5xx or a leak, and stays up', async () => {
    let n = 0;
    const failures: string[] = [];
    const all = [...badRequests(2000)];
    for (let i = 0; i < all.length; i += 50) {
      await Promise.all(all.slice(i, i + 50).map(async ({ body, headers }) => {
        const r = await fetch(stack.url, { method: 'POST', headers, body });
        const text = await r.text();
        n++;
        type Answer = { data?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
        let json: Answer | Answer[] | null = null;
        try { json = JSON.parse(text); } catch { /* reported below */ }
        // A batch is answered with one answer per operation: every one must be a coded error.
        const answers = Array.isArray(json) ? json : [json];
        const coded = answers.length > 0 && answers.every((a) => {
          const errors = a?.errors ?? [];
          return errors.length > 0 && errors.every((e) => typeof e.message === 'string' && typeof e.extensions?.code === 'string');
        });
        if (!coded || r.status >= 500 || LEAK.test(text)) failures.push(`${r.status} ${body.slice(0, 80)} -> ${text.slice(0, 200)}`);
      }));
    }
    expect(n).toBe(2000);
    expect(failures).toEqual([]);
    const alive = await stack.query('{ me { kind } }');
    expect(alive.body.data).toEqual({ me: { kind: 'ANONYMOUS' } });
  }, 120_000);
});
