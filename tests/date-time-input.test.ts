/**
 * Date and DateTime arguments through the real gateway (issue 20, finding 5): a value outside the
 * years the platform stores is BAD_USER_INPUT with a reason, from a literal or a variable, for
 * every argument of these types, and no answer shows a file path, source line or query.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { apiKey, bearer, startStack, type GraphQLBody, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => { stack = await startStack({ enterprises: 5, persons: 5 }); });
afterAll(async () => { await stack?.close(); });

const bank = () => apiKey(stack.credentials.institutions.FINANCIAL.apiKey);
/** What no answer may show: a source path or line, a stack frame, SQL or a Prisma call. */
const INTERNALS = /\.ts\b|\.js\b|node_modules|\/work\/|\bat \w|SELECT|INSERT|prisma|invocation/i;

const reasons = (body: GraphQLBody) => (body.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.reason]);

describe('DateTime and Date arguments out of range', () => {
  it('answers the usage report for year +275760 with BAD_USER_INPUT DATE_TIME_RANGE, as a literal or a variable', async () => {
    const literal = await stack.query('{ usage(from: "+275760-09-12T00:00:00Z", to: "+275760-09-13T00:00:00Z", granularity: DAY) { requests } }', { headers: bank() });
    expect(reasons(literal.body)).toEqual([['BAD_USER_INPUT', 'DATE_TIME_RANGE'], ['BAD_USER_INPUT', 'DATE_TIME_RANGE']]);
    expect(literal.body.data?.usage ?? null).toBeNull();
    expect(JSON.stringify(literal.body)).not.toMatch(INTERNALS);

    const variables = await stack.query('query($f: DateTime!, $t: DateTime!) { usage(from: $f, to: $t, granularity: DAY) { requests } }',
      { variables: { f: '+275760-09-12T00:00:00Z', t: '2025-01-01T00:00:00Z' }, headers: bank() });
    expect(reasons(variables.body)).toEqual([['BAD_USER_INPUT', 'DATE_TIME_RANGE']]);
    expect(JSON.stringify(variables.body)).not.toMatch(INTERNALS);
  });

  it('refuses a consent expiring in year 10000 (UTC) and records nothing', async () => {
    const person = stack.credentials.persons[0]!;
    const grant = `mutation($e: DateTime!) { grantConsent(input: { institutionId: "x", purpose: RENTAL, categories: [IDENTITY], expiresAt: $e }) { id } }`;
    const res = await stack.query(grant, { variables: { e: '9999-12-31T23:00:00-02:00' }, headers: bearer(person.token) });
    expect(reasons(res.body)).toEqual([['BAD_USER_INPUT', 'DATE_TIME_RANGE']]);
    const consents = await stack.query('query($n: String!) { person(idNumber: $n) { consents { institutionId } } }', { variables: { n: person.idNumber }, headers: bearer(person.token) });
    expect(consents.body.data!.person.consents.map((c: { institutionId: string }) => c.institutionId)).not.toContain('x');
  });

  it('refuses a Date argument in year +275760 with BAD_USER_INPUT DATE_RANGE and a malformed one with DATE_FORMAT', async () => {
    const enterprise = stack.credentials.enterprises[0]!;
    const record = (validTo: string) => stack.query(`mutation($u: ID!, $v: Date!) { recordCommitment(uscc: $u, commitmentType: "VOLUNTARY", content: "按时履约", validTo: $v) { id } }`,
      { variables: { u: enterprise.uscc, v: validTo }, headers: bearer(enterprise.token) });
    expect(reasons((await record('+275760-01-01')).body)).toEqual([['BAD_USER_INPUT', 'DATE_RANGE']]);
    expect(reasons((await record('2030-02-30')).body)).toEqual([['BAD_USER_INPUT', 'DATE_FORMAT']]);
  });
});

describe('an unexpected error in a subgraph', () => {
  it('reaches the client as INTERNAL_SERVER_ERROR without the query, SQL or file paths, outside production too', async () => {
    // Take the usage table away under the running platform subgraph: its read fails in Prisma,
    // whose message names the table, the call and the source file.
    const db = new Database(join(stack.dataDir, 'platform.db'));
    try {
      db.exec('ALTER TABLE "UsageBucket" RENAME TO "UsageBucketAway"');
      const res = await stack.query('{ usage(from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z") { requests } }', { headers: bank() });
      expect(stack.env.NODE_ENV).not.toBe('production');
      expect(res.body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['Internal server error: details are in the server log.', 'INTERNAL_SERVER_ERROR']]);
      expect(JSON.stringify(res.body)).not.toMatch(INTERNALS);
      expect(JSON.stringify(res.body)).not.toMatch(/UsageBucket/);
    } finally {
      db.exec('ALTER TABLE "UsageBucketAway" RENAME TO "UsageBucket"');
      db.close();
    }
  });
});
