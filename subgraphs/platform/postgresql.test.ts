/**
 * The platform subgraph over PostgreSQL (skipped where no PostgreSQL binaries are installed): the
 * key functions the gateway imports, the rotation transaction and batching behave as on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseApiKey, secretMatches } from '../../lib/api-keys.ts';
import type { Principal } from '../../lib/caller.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { createApiKey, createInstitution, findApiKeyByPrefix } from './db/institutions.ts';
import { startTestSubgraph, type TestSubgraph } from './test-support.ts';

const maybe = postgresAvailable() ? describe : describe.skip;
const OPERATOR: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
const T0 = new Date('2026-03-01T08:00:00.000Z');

maybe('on PostgreSQL', () => {
  let pg: PostgresInstance;
  let sg: TestSubgraph;

  beforeAll(async () => {
    pg = await startPostgres();
    sg = await startTestSubgraph({ postgresUrl: await pg.createDatabase('platform_test'), now: () => T0 });
    for (let i = 0; i < 50; i++) {
      const id = `inst-${String(i).padStart(2, '0')}`;
      await createInstitution(sg.db, { id, name: `第${i}合作城市`, kind: 'PARTNER_CITY', scopes: ['exchange:read'] }, new Date(Date.UTC(2026, 0, 1, 0, i)));
      await createApiKey(sg.db, id, new Date(Date.UTC(2026, 0, 2, 0, i)));
    }
  }, 120_000);

  afterAll(async () => {
    await sg?.close();
    await pg?.stop();
  });

  it('registers, issues, rotates and revokes through the mutations, and the gateway lookup sees each step', async () => {
    const registered = await sg.query('mutation { registerInstitution(input: { name: "甲银行", kind: FINANCIAL, scopes: ["loans:read"] }) { id createdAt scopes } }', {}, OPERATOR);
    const { id, createdAt, scopes } = (registered.body.data as { registerInstitution: { id: string; createdAt: string; scopes: string[] } }).registerInstitution;
    expect({ createdAt, scopes }).toEqual({ createdAt: T0.toISOString(), scopes: ['loans:read'] });

    const issued = await sg.query('mutation ($id: ID!) { issueApiKey(institutionId: $id) { id prefix key } }', { id }, OPERATOR);
    const first = (issued.body.data as { issueApiKey: { id: string; prefix: string; key: string } }).issueApiKey;
    const found = await findApiKeyByPrefix(sg.db, first.prefix);
    expect(found).toMatchObject({ id: first.id, revokedAt: null, institution: { id, name: '甲银行', kind: 'FINANCIAL', status: 'ACTIVE', scopes: 'loans:read' } });
    expect(secretMatches(parseApiKey(first.key)!.secret, found!.secretHash)).toBe(true);

    const rotated = await sg.query('mutation ($id: ID!) { rotateApiKey(id: $id) { id prefix } }', { id: first.id }, OPERATOR);
    const second = (rotated.body.data as { rotateApiKey: { id: string; prefix: string } }).rotateApiKey;
    expect(await findApiKeyByPrefix(sg.db, first.prefix)).toMatchObject({ revokedAt: T0 });
    expect(await findApiKeyByPrefix(sg.db, second.prefix)).toMatchObject({ institutionId: id, revokedAt: null });

    const again = await sg.query('mutation ($id: ID!) { rotateApiKey(id: $id) { id } }', { id: first.id }, OPERATOR);
    expect(again.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'API_KEY_REVOKED' });

    const revoked = await sg.query('mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: second.id }, OPERATOR);
    expect(revoked.body).toEqual({ data: { revokeApiKey: { revokedAt: T0.toISOString() } } });
  });

  it('costs the same statements for 50 institutions with their keys as for 5', async () => {
    const run = async (n: number) => {
      sg.resetStatements();
      const representations = Array.from({ length: n }, (_, i) => ({ __typename: 'Institution', id: `inst-${String(i).padStart(2, '0')}` }));
      const res = await sg.query('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { id apiKeys { createdAt } } } }', { r: representations }, OPERATOR);
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data as { _entities: unknown[] })._entities[1]).toEqual({ id: 'inst-01', apiKeys: [{ createdAt: '2026-01-02T00:01:00.000Z' }] });
      return sg.statements.length;
    };
    const five = await run(5);
    expect(five).toBe(2);
    expect(await run(50)).toBe(five);
  });
});
