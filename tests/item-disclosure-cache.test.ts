/**
 * The catalogue's disclosure attribute through the whole stack with the response cache on (issue
 * 13): with a platform catalogue making penalties CONDITIONAL and adding a SELF_ONLY penalty item,
 * the answer public-class callers share never holds those records, before or after callers who
 * see them (government, the enterprise itself) asked the same question.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertArchive } from '../subgraphs/enterprise/db/index.ts';
import type { Db } from '../subgraphs/enterprise/db/client.ts';
import { archiveRows, restrictedCatalogueFile, RESTRICTED_ITEMS } from '../subgraphs/enterprise/test-support.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';
import { archiveSql } from './support/cache.ts';

let stack: Stack;
let subject: { uscc: string; token: string };

beforeAll(async () => {
  stack = await startStack({
    enterprises: 12, persons: 6, env: { CATALOGUE_FILE: restrictedCatalogueFile() },
    gatewayEnv: { RESPONSE_CACHE_BYTES: String(16 * 1024 * 1024) },
  });
  subject = stack.credentials.enterprises[0]!;
  const pen = archiveRows(subject.uscc, 'restricted').penalties[0]!;
  const db = (stack.subgraphs.enterprise as unknown as { db: Db }).db;
  await insertArchive(db, { penalties: [
    { ...pen, id: 'restricted-cond', catalogItemCode: RESTRICTED_ITEMS.conditional[0] },
    { ...pen, id: 'restricted-self', catalogItemCode: RESTRICTED_ITEMS.selfOnly[0] },
  ] });
  await stack.gateway.changeFollower!.caughtUp();
}, 180_000);
afterAll(async () => {
  await stack?.close();
}, 120_000);

const ARCHIVE = `query Archive($u: ID!) { enterprise(uscc: $u) { uscc penalties { id catalogItemCode } rating { score } } }`;

async function penaltiesAs(headers: Record<string, string> = {}) {
  const r = await stack.query(ARCHIVE, { variables: { u: subject.uscc }, headers });
  expect(r.body.errors).toBeUndefined();
  return { body: r.body, ids: (r.body.data!.enterprise.penalties as { id: string }[]).map((p) => p.id) };
}

describe('the response cache and restricted catalogue items', () => {
  it('never gives the public class a CONDITIONAL or SELF_ONLY record, fresh or cached, whoever asked before', async () => {
    const first = await penaltiesAs();
    expect(first.ids).not.toContain('restricted-cond');
    expect(first.ids).not.toContain('restricted-self');

    // Callers who see them ask the same question: their answers are neither stored nor served to others.
    expect((await penaltiesAs(bearer(subject.token))).ids).toEqual(expect.arrayContaining(['restricted-cond', 'restricted-self']));
    const government = await penaltiesAs(apiKey(stack.credentials.institutions.GOVERNMENT.apiKey));
    expect(government.ids).toContain('restricted-cond');
    expect(government.ids).not.toContain('restricted-self');
    expect((await penaltiesAs(bearer(stack.credentials.operator.token))).ids).toEqual(expect.arrayContaining(['restricted-cond', 'restricted-self']));

    // The public class is served from the cache (no archive SQL), and what it shares is the public answer.
    stack.resetSql();
    expect((await penaltiesAs()).body).toEqual(first.body);
    expect(archiveSql(stack)).toEqual([]);
    // (An institution computes its first answer itself, for its archive pulls: response-cache.test.ts.)
    expect((await penaltiesAs(apiKey(stack.credentials.institutions.FINANCIAL.apiKey))).body).toEqual(first.body);
    expect((await penaltiesAs(apiKey(stack.credentials.institutions.PARTNER_CITY.apiKey))).body).toEqual(first.body);
    // The rating is the same for everybody (it counts public records only).
    expect(government.body.data!.enterprise.rating).toEqual(first.body.data!.enterprise.rating);
  });
});
