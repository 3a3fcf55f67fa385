/**
 * Logs never hold ID numbers, person names, tokens or API keys: a stack logging at `trace` is
 * driven with them in variables, inline in documents, in failing requests and in headers, and the
 * whole log is searched for them afterwards.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
const chunks: string[] = [];
const sink = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: 'trace' }, logDestination: sink });
});
afterAll(async () => { await stack?.close(); });

describe('the logs of a full run', () => {
  it('hold no demo ID number, token or API key', async () => {
    const c = stack.credentials;
    for (const p of c.persons) {
      await stack.query(`query($id: String!) { person(idNumber: $id) { name idNumber penalties { id } } }`, { variables: { id: p.idNumber }, headers: bearer(p.token) });
      await stack.query(`{ person(idNumber: "${p.idNumber}") { name } }`, { headers: apiKey(c.institutions.FINANCIAL.apiKey, 'CREDIT_EASY_LOAN') });
      // A broken document and a wrong check digit both quote the input somewhere.
      await stack.query(`{ person(idNumber: "${p.idNumber}") { name nosuchfield } }`);
      await stack.query(`{ person(idNumber: "${p.idNumber.slice(0, 17)}${p.idNumber.endsWith('1') ? '2' : '1'}") { name } }`);
      await stack.query(`{ person(idNumber: "${p.idNumber}" { name } }`);
    }
    await stack.query('{ me { kind } }', { headers: bearer(c.persons[0]!.token + 'x') });
    await stack.query('{ me { kind } }', { headers: apiKey(c.institutions.GOVERNMENT.apiKey + 'x') });
    await stack.query(`query($u: ID!) { enterprise(uscc: $u) { legalRepresentative { name idNumber } } }`, { variables: { u: c.enterprises[0]!.uscc }, headers: bearer(c.persons[0]!.token) });
    await new Promise((r) => setTimeout(r, 200));
    const log = chunks.join('');
    expect(log.length).toBeGreaterThan(1000); // the run logged (trace level), so the search means something
    const secrets = [
      ...c.persons.map((p) => p.idNumber), ...c.persons.map((p) => p.token),
      ...Object.values(c.institutions).map((i) => i.apiKey), c.operator.token,
    ];
    expect(secrets.filter((s) => log.includes(s))).toEqual([]);
    // Nor the ID numbers' distinctive middle (birth date + sequence) anywhere, in any form.
    expect(c.persons.filter((p) => log.includes(p.idNumber.slice(6, 17)))).toEqual([]);
  });
});
