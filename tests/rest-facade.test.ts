/**
 * The REST facade (`/rest/v1`, gateway/rest/) through the running stack: each endpoint answers what
 * its GraphQL operation answers on /graphql, refuses whom /graphql refuses with the same codes (and
 * HTTP statuses a client can act on), is metered, rate limited and held to trusted documents like
 * /graphql, and /rest/v1/openapi.json is a valid OpenAPI 3.1 document of exactly the served paths,
 * whose response schemas the answers match.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { makeUscc } from '../lib/identifiers/uscc.ts';
import { ENDPOINTS } from '../gateway/rest/endpoints.ts';
import { restApi } from '../gateway/rest/routes.ts';
import { readFileSync } from 'node:fs';
import { registerInstitution } from './support/institutions.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let base: string;
let operations: Map<string, string>;
let openapi: { paths: Record<string, Record<string, any>> } & Record<string, unknown>;
let matterCode: string;
let report: { number: string; digest: string };

type Body = { data?: any; errors?: { message: string; path?: (string | number)[]; extensions: Record<string, any> }[] };

async function rest(method: 'GET' | 'POST', path: string, opts: { headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() as Body };
}

/** The endpoint's own operation sent to /graphql. */
const graphql = (operation: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  stack.query(operations.get(operation)!, { variables, headers, operationName: operation });

const institutions = () => stack.credentials.institutions;
const bank = () => apiKey(institutions().FINANCIAL.apiKey);
const government = () => apiKey(institutions().GOVERNMENT.apiKey);
const city = () => apiKey(institutions().PARTNER_CITY.apiKey);

beforeAll(async () => {
  stack = await startStack();
  base = stack.url.replace(/\/graphql$/, '');
  operations = new Map(restApi(readFileSync(stack.gateway.config.supergraphPath, 'utf8')).endpoints.map((e) => [e.operation, e.query]));
  openapi = await (await fetch(`${base}/rest/v1/openapi.json`)).json() as typeof openapi;
  const matters = await stack.query('{ sanctionMatters { code } }');
  matterCode = matters.body.data!.sanctionMatters[0].code;
  const issued = await stack.query('mutation($s: ID!) { issueCreditReport(subject: $s, purpose: TENDERING) { number digest } }', {
    variables: { s: stack.credentials.enterprises[0]!.uscc }, headers: apiKey(institutions().CREDIT_SERVICE.apiKey),
  });
  expect(issued.body.errors).toBeUndefined();
  report = issued.body.data!.issueCreditReport;
}, 180_000);

afterAll(async () => { await stack?.close(); });

/** The OpenAPI document's schema of an endpoint's 200 answer, compiled (its $refs resolve in the document). */
function responseValidator(path: string, method: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(openapi, 'openapi');
  const pointer = ['paths', path, method, 'responses', '200', 'content', 'application/json', 'schema']
    .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  return ajv.getSchema(`openapi#/${pointer}`)!;
}

function expectDocumented(path: string, method: string, body: unknown) {
  const validate = responseValidator(path, method);
  expect({ valid: validate(body), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
}

describe('each endpoint answers like its GraphQL operation', () => {
  it('serves an enterprise\'s archive to a bank as `enterprise` answers it, with every category', async () => {
    const uscc = stack.credentials.enterprises[0]!.uscc;
    const r = await rest('GET', `/rest/v1/enterprises/${uscc}`, { headers: bank() });
    const g = await graphql('EnterpriseArchive', { uscc }, bank());
    expect(r.status).toBe(200);
    expect(g.body.errors).toBeUndefined();
    expect(r.body).toEqual({ data: g.body.data!.enterprise });
    expect(r.body.data.uscc).toBe(uscc);
    for (const category of ['licenses', 'penalties', 'redList', 'blackList', 'certificates', 'inspections', 'commitments', 'evaluations', 'honors']) {
      expect({ category, some: r.body.data[category].length > 0 }).toEqual({ category, some: true });
    }
    expectDocumented('/rest/v1/enterprises/{uscc}', 'get', r.body);
  });

  it('answers a government system\'s sanctions check in input order like `checkSanctions`', async () => {
    const c = stack.credentials;
    const subjects = [c.enterprises[2]!.uscc, c.enterprises[0]!.uscc];
    const r = await rest('POST', '/rest/v1/sanction-checks', { headers: government(), body: { subjects, matterCode, stage: 'PROCESSING' } });
    const g = await graphql('CheckSanctions', { subjects, matterCode, stage: 'PROCESSING' }, government());
    expect(r.status).toBe(200);
    // Each check is recorded under a checkId of its own; the rest is the same answer.
    const withoutCheckId = (rows: { checkId: string }[]) => rows.map(({ checkId: _id, ...rest }) => rest);
    expect(withoutCheckId(r.body.data)).toEqual(withoutCheckId(g.body.data!.checkSanctions));
    expect(r.body.data.map((x: { subject: string; stage: string }) => [x.subject, x.stage])).toEqual(subjects.map((s) => [s, 'PROCESSING']));
    expect(new Set(r.body.data.map((x: { checkId: string }) => x.checkId)).size).toBe(1);
    expectDocumented('/rest/v1/sanction-checks', 'post', r.body);
  });

  it('verifies an integrity code once for a partner city, as `verifyIntegrityCode` does', async () => {
    const p = stack.credentials.persons[2]!;
    const issued = await stack.query('mutation { issueIntegrityCode { code grade } }', { headers: bearer(p.token) });
    const { code, grade } = issued.body.data!.issueIntegrityCode;
    const first = await rest('POST', '/rest/v1/integrity-code-verifications', { headers: city(), body: { code, idNumber: p.idNumber } });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ valid: true, grade, holderMatches: true, reason: null });
    expectDocumented('/rest/v1/integrity-code-verifications', 'post', first.body);
    // Spent by the REST call: GraphQL and REST now both say so, in the same words.
    const again = await rest('POST', '/rest/v1/integrity-code-verifications', { headers: city(), body: { code } });
    const g = await graphql('VerifyIntegrityCode', { code }, city());
    expect(again.body).toEqual({ data: g.body.data!.verifyIntegrityCode });
    expect(again.body.data).toMatchObject({ valid: false, reason: 'SPENT' });
  });

  it('checks a credit report\'s digest like `verifyCreditReport`, for anyone', async () => {
    const right = await rest('GET', `/rest/v1/reports/${report.number}/verification?digest=${report.digest}`);
    const g = await graphql('VerifyCreditReport', { number: report.number, digest: report.digest });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ data: g.body.data!.verifyCreditReport });
    expect(right.body.data).toMatchObject({ number: report.number, valid: true, superseded: false });
    expectDocumented('/rest/v1/reports/{number}/verification', 'get', right.body);
    const wrong = await rest('GET', `/rest/v1/reports/${report.number}/verification?digest=${'0'.repeat(64)}`);
    expect(wrong.body.data).toMatchObject({ valid: false, issuedAt: null });
  });
});

describe('refusals, as on /graphql, with a status that says it', () => {
  const uscc = () => stack.credentials.enterprises[0]!.uscc;

  it('refuses a bank and an anonymous caller a sanctions check with 403 and the error /graphql gives', async () => {
    const body = { subjects: [uscc()], matterCode };
    for (const headers of [bank(), {}]) {
      const r = await rest('POST', '/rest/v1/sanction-checks', { headers, body });
      const g = await graphql('CheckSanctions', body, headers);
      expect(g.body.data).toEqual({ checkSanctions: null });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ errors: g.body.errors });
      expect(r.body.errors![0]!.extensions.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a bank the verification of an integrity code (partner cities only) with 403 FORBIDDEN', async () => {
    const r = await rest('POST', '/rest/v1/integrity-code-verifications', { headers: bank(), body: { code: 'a.b.c' } });
    expect(r.status).toBe(403);
    expect(r.body.errors![0]).toMatchObject({ path: ['verifyIntegrityCode'], extensions: { code: 'FORBIDDEN' } });
  });

  it('answers 401 UNAUTHENTICATED with WWW-Authenticate to an unknown key, as /graphql does', async () => {
    const headers = apiKey('cg_live_unknownkey_0000000000000000');
    const r = await rest('GET', `/rest/v1/enterprises/${uscc()}`, { headers });
    const g = await graphql('EnterpriseArchive', { uscc: uscc() }, headers);
    expect([r.status, g.status]).toEqual([401, 401]);
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
    expect(r.body.errors!.map((e) => e.extensions.code)).toEqual(g.body.errors!.map((e) => e.extensions?.code));
  });

  it('answers 400 BAD_USER_INPUT with the reason for a USCC with a wrong check digit', async () => {
    const bad = uscc().slice(0, 17) + (uscc().endsWith('0') ? '1' : '0');
    const r = await rest('GET', `/rest/v1/enterprises/${bad}`, { headers: bank() });
    const g = await graphql('EnterpriseArchive', { uscc: bad }, bank());
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ errors: g.body.errors });
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'USCC_CHECK_DIGIT' });
  });

  it('answers 404 NOT_FOUND for a valid USCC with no enterprise', async () => {
    const unknown = makeUscc({ authority: '9', orgType: '1', regionCode: '440300', orgCodeBody: 'MA5FYYYY' });
    const r = await rest('GET', `/rest/v1/enterprises/${unknown}`, { headers: bank() });
    expect(r.status).toBe(404);
    expect(r.body.errors![0]!.extensions.code).toBe('NOT_FOUND');
  });

  it('answers 400 for a missing or unknown parameter and a body that is not JSON', async () => {
    const missing = await rest('GET', `/rest/v1/reports/${report.number}/verification`);
    expect([missing.status, missing.body.errors![0]!.extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    const unknown = await rest('GET', `/rest/v1/reports/${report.number}/verification?digest=x&digets=y`);
    expect([unknown.status, unknown.body.errors![0]!.extensions.code]).toEqual([400, 'BAD_REQUEST']);
    const notJson = await fetch(`${base}/rest/v1/sanction-checks`, { method: 'POST', headers: { ...government(), 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('answers 405 with Allow to a method the endpoint does not take', async () => {
    const res = await fetch(`${base}/rest/v1/sanction-checks`, { headers: government() });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
  });
});

describe('limits and metering, shared with /graphql', () => {
  const day = 86_400_000;

  it('meters each call under its operation\'s name in the institution\'s usage report', async () => {
    const { key } = await registerInstitution(stack, 'REST计量', 'ratePerSecond: 1000, burst: 1000');
    const [a, b] = stack.credentials.enterprises.map((e) => e.uscc);
    expect((await rest('GET', `/rest/v1/enterprises/${a}`, { headers: apiKey(key) })).status).toBe(200);
    expect((await rest('GET', `/rest/v1/enterprises/${b}`, { headers: apiKey(key) })).status).toBe(200);
    expect((await rest('POST', '/rest/v1/sanction-checks', { headers: apiKey(key), body: { subjects: [a], matterCode } })).status).toBe(403);
    await stack.gateway.metering.recorder.flush();
    const usage = await stack.query(`query($from: DateTime!, $to: DateTime!) { usage(from: $from, to: $to, granularity: DAY) {
      requests archivePulls operations(first: 20) { operationName requests archivePulls } } }`, {
      headers: apiKey(key), variables: { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
    });
    const r = usage.body.data!.usage;
    expect({ requests: r.requests, archivePulls: r.archivePulls }).toEqual({ requests: 3, archivePulls: 2 });
    const ops = (r.operations as { operationName: string; requests: number; archivePulls: number }[])
      .map((o) => [o.operationName, o.requests, o.archivePulls]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(ops).toEqual([['CheckSanctions', 1, 0], ['EnterpriseArchive', 2, 2]]);
  });

  it('refuses calls over the institution\'s rate with 429 RATE_LIMITED and Retry-After', async () => {
    const { key } = await registerInstitution(stack, 'REST限流', 'ratePerSecond: 1, burst: 2');
    const uscc = stack.credentials.enterprises[0]!.uscc;
    const answers = await Promise.all(Array.from({ length: 4 }, () => rest('GET', `/rest/v1/enterprises/${uscc}`, { headers: apiKey(key) })));
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const a of refused) {
      expect(a.status).toBe(429);
      expect(a.body.errors![0]!.extensions.code).toBe('RATE_LIMITED');
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('holds an institution restricted to trusted documents to them: 403 UNTRUSTED_DOCUMENT until the endpoint\'s operation is added', async () => {
    const { id, key } = await registerInstitution(stack, 'REST可信文档', 'ratePerSecond: 1000, burst: 1000');
    const op = bearer(stack.credentials.operator.token);
    await stack.query('mutation($id: ID!) { restrictToTrustedDocuments(institutionId: $id, restricted: true) { id } }', { variables: { id }, headers: op });
    const path = `/rest/v1/reports/${report.number}/verification?digest=${report.digest}`;
    const before = await rest('GET', path, { headers: apiKey(key) });
    expect([before.status, before.body.errors![0]!.extensions.code]).toEqual([403, 'UNTRUSTED_DOCUMENT']);
    // The document to trust is the one the OpenAPI document names for the endpoint.
    const { document } = openapi.paths['/rest/v1/reports/{number}/verification']!.get['x-graphql-operation'];
    const added = await stack.query('mutation($id: ID!, $d: [String!]!) { addTrustedDocuments(institutionId: $id, documents: $d) { hash } }', { variables: { id, d: [document] }, headers: op });
    expect(added.body.errors).toBeUndefined();
    const after = await rest('GET', path, { headers: apiKey(key) });
    expect(after.status).toBe(200);
  });
});

describe('GET /rest/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(openapi as never);
    expect(result).toEqual({ valid: true });
    expect(openapi.openapi).toBe('3.1.0');
  });

  it('lists exactly the served endpoints, and each is served at its path and method', async () => {
    const documented = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort());
    for (const e of ENDPOINTS) {
      const path = e.path.replace('{uscc}', stack.credentials.enterprises[0]!.uscc).replace('{number}', report.number);
      const res = await fetch(`${base}${path}`, { method: e.method, headers: e.method === 'POST' ? { 'content-type': 'application/json' } : {}, body: e.method === 'POST' ? '{}' : undefined });
      const body = await res.json() as Body;
      // The front's own 404/405 (no such route, or not this method) is BAD_REQUEST; an endpoint's 404 is NOT_FOUND.
      const routeMissing = [404, 405].includes(res.status) && body.errors?.[0]?.extensions.code === 'BAD_REQUEST';
      expect({ endpoint: `${e.method} ${e.path}`, routeMissing }).toEqual({ endpoint: `${e.method} ${e.path}`, routeMissing: false });
    }
  });
});
