import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseApiKey, secretMatches } from '../../lib/api-keys.ts';
import { createInstitution, findApiKeyByPrefix } from '../../subgraphs/platform/db/institutions.ts';
import { startTestCli, type TestCli } from './test-support.ts';

let cli: TestCli;
beforeAll(async () => {
  cli = await startTestCli();
  await createInstitution(cli.db, { id: 'inst-bank', name: '甲商业银行', kind: 'FINANCIAL' });
  await createInstitution(cli.db, { id: 'inst-empty', name: '乙银行', kind: 'FINANCIAL' });
});
afterAll(async () => { await cli?.close(); });

const SHOWN_ONCE = 'warning: this key is shown only once and never again (only its hash is stored): store it now.\n';

/** The id, prefix and whole key from the one-row table `keys issue` / `keys rotate` print. */
function issued(out: string) {
  const [header, row, end] = out.split('\n');
  expect(header).toMatch(/^ID +PREFIX +KEY$/);
  expect(end).toBe('');
  const [id, prefix, key] = row!.split(/ +/);
  return { id: id!, prefix: prefix!, key: key! };
}

describe('keys', () => {
  let first: { id: string; prefix: string; key: string };

  it('issues a key that authenticates, printing it once with a warning on stderr', async () => {
    const res = await cli.run(['keys', 'issue', 'inst-bank']);
    expect({ code: res.code, err: res.err }).toEqual({ code: 0, err: SHOWN_ONCE });
    first = issued(res.out);
    const parsed = parseApiKey(first.key);
    expect(parsed?.prefix).toBe(first.prefix);
    const stored = await findApiKeyByPrefix(cli.db, first.prefix);
    expect(stored).toMatchObject({ id: first.id, institutionId: 'inst-bank', revokedAt: null });
    expect(secretMatches(parsed!.secret, stored!.secretHash)).toBe(true);
  });

  it('lists keys newest first with prefix and dates, never a secret', async () => {
    await cli.run(['keys', 'issue', 'inst-bank'], { now: new Date('2026-03-05T00:00:00Z') });
    const { code, out } = await cli.run(['keys', 'list', 'inst-bank']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +PREFIX +CREATED +REVOKED$/);
    expect(lines.slice(1).map((l) => l.split(/ +/).slice(2))).toEqual([
      ['2026-03-05T00:00:00.000Z', '-'],
      ['2026-03-01T08:00:00.000Z', '-'],
    ]);
    expect(out).toContain(first.prefix);
    expect(out).not.toContain(first.key);
    expect(out).not.toContain(parseApiKey(first.key)!.secret);
  });

  it('says on stderr when an institution has no keys, and exits 1 for an unknown institution', async () => {
    expect(await cli.run(['keys', 'list', 'inst-empty'])).toEqual({
      code: 0, out: '', err: 'institution inst-empty has no keys; issue one with: npm run cli -- keys issue inst-empty\n',
    });
    expect(await cli.run(['keys', 'list', 'inst-none'])).toEqual({ code: 1, out: '', err: 'error: No institution with id inst-none.\n' });
    expect(await cli.run(['keys', 'issue', 'inst-none'])).toEqual({ code: 1, out: '', err: 'error: No institution with id inst-none.\n' });
  });

  it('rotates a live key: the old one is revoked, the new one printed once and working', async () => {
    const res = await cli.run(['keys', 'rotate', first.id], { now: new Date('2026-03-06T00:00:00Z') });
    expect({ code: res.code, err: res.err }).toEqual({ code: 0, err: `revoked ${first.id}\n${SHOWN_ONCE}` });
    const next = issued(res.out);
    expect(await findApiKeyByPrefix(cli.db, first.prefix)).toMatchObject({ revokedAt: new Date('2026-03-06T00:00:00Z') });
    const stored = await findApiKeyByPrefix(cli.db, next.prefix);
    expect(stored).toMatchObject({ institutionId: 'inst-bank', revokedAt: null });
    expect(secretMatches(parseApiKey(next.key)!.secret, stored!.secretHash)).toBe(true);

    expect(await cli.run(['keys', 'rotate', first.id])).toEqual({
      code: 64, out: '', err: `error: API key ${first.id} is already revoked; issue a new key instead. (API_KEY_REVOKED)\n`,
    });
  });

  it('revokes a key, keeping the first revocation time when revoked again', async () => {
    const { id } = issued((await cli.run(['keys', 'issue', 'inst-bank'])).out);
    expect(await cli.run(['keys', 'revoke', id], { now: new Date('2026-03-07T00:00:00Z') }))
      .toEqual({ code: 0, out: `${id} revoked at 2026-03-07T00:00:00.000Z\n`, err: '' });
    expect(await cli.run(['keys', 'revoke', id], { now: new Date('2026-03-08T00:00:00Z') }))
      .toEqual({ code: 0, out: `${id} revoked at 2026-03-07T00:00:00.000Z\n`, err: '' });
    expect(await cli.run(['keys', 'revoke', 'key-none'])).toEqual({ code: 1, out: '', err: 'error: No API key with id key-none.\n' });
  });
});
