/**
 * The typed client example (examples/bank-client/): its committed gql/ is what GraphQL Code
 * Generator's client preset makes of operations.ts against the committed supergraph now, it
 * type-checks (and the compiler refuses a field the operation did not select), and its code run
 * against the running stack answers each operation as the gateway does for a bank, a government
 * system and a partner city: data, fields withheld with FORBIDDEN, refusals thrown with their code.
 * Regenerate with `npm run codegen:example`.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiError, createClient } from '../examples/bank-client/client.ts';
import { CheckSanctions, ConsentedPerson, EnterpriseArchive, VerifyCreditReport, VerifyIntegrityCode } from '../examples/bank-client/operations.ts';
import { OUTPUT_DIR } from '../examples/bank-client/codegen.ts';
import { registerInstitution } from './support/institutions.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

const root = resolve(import.meta.dirname, '..');
const tsc = (project: string) => spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', project], { encoding: 'utf8', cwd: root });

describe('the example\'s generated code', () => {
  it('is what the client preset makes of operations.ts against the current schema', () => {
    // In a child process: the codegen plugins are ES modules jest's CommonJS loader cannot require.
    const script = `import { generate } from '@graphql-codegen/cli';
      import { bankClientCodegenConfig } from './examples/bank-client/codegen.ts';
      const files = await generate(bankClientCodegenConfig(), false);
      process.stdout.write(JSON.stringify(files));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(child.stderr).toBe('');
    const files = JSON.parse(child.stdout) as { filename: string; content: string }[];
    const generated = Object.fromEntries(files.map((f) => [f.filename.slice(f.filename.indexOf(OUTPUT_DIR) + OUTPUT_DIR.length), f.content]));
    const committed = Object.fromEntries(readdirSync(join(root, OUTPUT_DIR)).map((name) => [name, readFileSync(join(root, OUTPUT_DIR, name), 'utf8')]));
    expect(committed).toEqual(generated);
  }, 120_000);

  it('type-checks, and the compiler refuses a field the operation does not select', () => {
    const ok = tsc('examples/bank-client/tsconfig.json');
    expect(ok.stdout + ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'creditgraph-bank-client-'));
    try {
      writeFileSync(join(dir, 'wrong.ts'), `import { createClient } from '${root}/examples/bank-client/client.ts';
        import { EnterpriseArchive } from '${root}/examples/bank-client/operations.ts';
        const request = createClient({ url: 'http://127.0.0.1:1/graphql', apiKey: 'k' });
        export const licenses = request(EnterpriseArchive, { uscc: 'x' }).then((r) => r.data?.enterprise?.licenses);
        export const missing = request(EnterpriseArchive, {});\n`);
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: `${root}/tsconfig.json`, compilerOptions: { typeRoots: [`${root}/node_modules/@types`] }, include: [], files: ['wrong.ts'] }));
      const wrong = tsc(join(dir, 'tsconfig.json'));
      expect(wrong.status).not.toBe(0);
      expect(wrong.stdout).toMatch(/wrong\.ts\(4,[^)]*\): error TS2339: Property 'licenses' does not exist/);
      expect(wrong.stdout).toMatch(/wrong\.ts\(5,[^)]*\): error TS2345/); // uscc is required
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the example against the running stack', () => {
  let stack: Stack;
  const institutionKey = (kind: 'FINANCIAL' | 'GOVERNMENT' | 'PARTNER_CITY') => stack.credentials.institutions[kind].apiKey;
  const client = (key: string) => createClient({ url: stack.url, apiKey: key });

  beforeAll(async () => { stack = await startStack(); }, 180_000);
  afterAll(async () => { await stack?.close(); });

  it('reads an enterprise\'s archive for a bank, the legal representative\'s ID number masked', async () => {
    const uscc = stack.credentials.enterprises[0]!.uscc;
    const { data, errors } = await client(institutionKey('FINANCIAL'))(EnterpriseArchive, { uscc });
    expect(errors).toEqual([]);
    const direct = await stack.query(EnterpriseArchive.toString(), { variables: { uscc }, headers: apiKey(institutionKey('FINANCIAL')) });
    expect(data).toEqual(direct.body.data);
    expect(data!.enterprise!.penalties.length).toBeGreaterThan(0);
    expect(data!.enterprise!.legalRepresentative!.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });

  it('reads a consenting person with the purpose of the consent, and gets FORBIDDEN without it', async () => {
    const request = client(institutionKey('FINANCIAL'));
    const { idNumber } = stack.credentials.persons[2]!;
    const consented = await request(ConsentedPerson, { idNumber }, { purpose: 'CREDIT_EASY_LOAN' });
    expect(consented.errors).toEqual([]);
    expect(consented.data!.person).toMatchObject({ idNumber: expect.stringMatching(/\*{8}/), integrity: { grade: expect.any(String) } });
    const noPurpose = await request(ConsentedPerson, { idNumber });
    expect(noPurpose.data).toEqual({ person: null });
    expect(noPurpose.errors.map((e) => [e.path, e.extensions?.code])).toEqual([[['person'], 'FORBIDDEN']]);
    await expect(request(ConsentedPerson, { idNumber }, { purpose: 'MARKETING' })).rejects.toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
  });

  it('checks sanctions as a government system; a bank gets the field withheld', async () => {
    const subjects = [stack.credentials.enterprises[1]!.uscc];
    const matterCode = (await stack.query('{ sanctionMatters { code } }')).body.data!.sanctionMatters[0].code as string;
    const gov = await client(institutionKey('GOVERNMENT'))(CheckSanctions, { subjects, matterCode });
    expect(gov.errors).toEqual([]);
    expect(gov.data!.checkSanctions!.map((c) => c.subject)).toEqual(subjects);
    const bank = await client(institutionKey('FINANCIAL'))(CheckSanctions, { subjects, matterCode });
    expect(bank.data).toEqual({ checkSanctions: null });
    expect(bank.errors[0]!.extensions?.code).toBe('FORBIDDEN');
  });

  it('verifies an integrity code as a partner city and a credit report as anyone', async () => {
    const p = stack.credentials.persons[2]!;
    const { code } = (await stack.query('mutation { issueIntegrityCode { code } }', { headers: bearer(p.token) })).body.data!.issueIntegrityCode;
    const verified = await client(institutionKey('PARTNER_CITY'))(VerifyIntegrityCode, { code, idNumber: p.idNumber });
    expect(verified.data!.verifyIntegrityCode).toMatchObject({ valid: true, holderMatches: true, reason: null });
    const issued = await stack.query('mutation($s: ID!) { issueCreditReport(subject: $s, purpose: TENDERING) { number digest } }', {
      variables: { s: stack.credentials.enterprises[0]!.uscc }, headers: apiKey(stack.credentials.institutions.CREDIT_SERVICE.apiKey),
    });
    const { number, digest } = issued.body.data!.issueCreditReport;
    const report = await client(institutionKey('FINANCIAL'))(VerifyCreditReport, { number, digest });
    expect(report.data!.verifyCreditReport).toMatchObject({ number, valid: true, superseded: false });
  });

  it('throws the refusals of a whole request with their code: 401 for an unknown key, 429 with the seconds to wait', async () => {
    const uscc = stack.credentials.enterprises[0]!.uscc;
    await expect(client('cg_live_unknownkey_0000000000000000')(EnterpriseArchive, { uscc })).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const { key } = await registerInstitution(stack, '示例客户端限流', 'ratePerSecond: 1, burst: 1');
    const outcomes = await Promise.allSettled(Array.from({ length: 3 }, () => client(key)(EnterpriseArchive, { uscc })));
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as ApiError);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const err of refused) {
      expect(err).toBeInstanceOf(ApiError);
      expect([err.status, err.code]).toEqual([429, 'RATE_LIMITED']);
      expect(err.retryAfter).toBeGreaterThan(0);
    }
  });

  it('runs main.ts, the loan desk\'s script, against the gateway with the demo credentials', async () => {
    // Not spawnSync: the stack answers from this process's event loop.
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/bank-client/main.ts'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, DATA_DIR: stack.dataDir, CREDITGRAPH_URL: stack.url },
    });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ enterprise: { name: expect.any(String), penalties: expect.any(Number) }, person: { grade: expect.any(String) }, withheld: [] });
  }, 60_000);
});
