/**
 * Archive pulls are counted wherever archive records come back, whatever field leads there:
 * the records a rating rests on (`rating { indicators { basis } } }`) count as the category fields
 * do (issue 20: 67 records of 36 enterprises had been metered as 0 pulls).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

async function institution(name: string): Promise<string> {
  const op = bearer(stack.credentials.operator.token);
  const reg = await stack.query(`mutation { registerInstitution(input: { name: "${name}", kind: CREDIT_SERVICE, ratePerSecond: 1000, burst: 1000 }) { id } }`, { headers: op });
  const id = reg.body.data!.registerInstitution.id as string;
  const issued = await stack.query('mutation($id: ID!) { issueApiKey(institutionId: $id) { key } }', { variables: { id }, headers: op });
  return issued.body.data!.issueApiKey.key as string;
}

async function archivePulls(key: string): Promise<number> {
  await stack.gateway.metering.recorder.flush();
  const day = 86_400_000;
  const r = await stack.query('query($from: DateTime!, $to: DateTime!) { usage(from: $from, to: $to, granularity: DAY) { archivePulls } }', {
    headers: apiKey(key), variables: { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
  });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.usage.archivePulls as number;
}

type Page = { enterprises: { edges: { node: { rating: { indicators: { basis: unknown[] }[] } | null } }[] } };

describe('archive pulls through the rating', () => {
  it('counts each enterprise whose rating returned archive records, through a fragment and a type condition', async () => {
    const key = await institution('评级计量');
    const r = await stack.query(`{ enterprises(first: 50) { edges { node { rating { ...R } } } } }
      fragment R on EnterpriseRating { grade indicators { code basis { ... on AdministrativePenalty { violation amount } ... on ListEntry { listName } } } }`,
    { headers: apiKey(key) });
    expect(r.body.errors).toBeUndefined();
    const withRecords = (r.body.data as Page).enterprises.edges
      .filter((e) => e.node.rating?.indicators.some((i) => i.basis.length > 0)).length;
    expect(withRecords).toBeGreaterThan(0);
    expect(JSON.stringify(r.body)).not.toContain('__cg');
    expect(await archivePulls(key)).toBe(withRecords);
  });

  it('does not count a rating without the records it rests on', async () => {
    const key = await institution('评级不计');
    const r = await stack.query('{ enterprises(first: 20) { edges { node { name rating { grade score } } } } }', { headers: apiKey(key) });
    expect(r.body.errors).toBeUndefined();
    expect(await archivePulls(key)).toBe(0);
  });
});
