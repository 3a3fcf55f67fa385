import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { makeUscc } from '../../lib/identifiers/uscc.ts';
import { createTokenVerifier, loadOrCreateDemoProvider } from '../../lib/tokens.ts';
import { startTestCli, type TestCli } from './test-support.ts';

let cli: TestCli;
beforeAll(async () => { cli = await startTestCli(); });
afterAll(async () => { await cli?.close(); });

const USCC = makeUscc({ authority: '9', orgType: '1', regionCode: '330500', orgCodeBody: 'MA2B3C4D' });

async function verify(token: string, issuer = 'creditgraph-demo-idp', audience = 'creditgraph') {
  const idp = await loadOrCreateDemoProvider(join(cli.dir, 'idp-demo-key.json'));
  return createTokenVerifier(idp.jwks, issuer, audience)(token);
}

describe('tokens mint', () => {
  it('refuses in production before touching the demo key', async () => {
    const res = await cli.run(['tokens', 'mint', '--kind', 'OPERATOR', '--subject', 'op-1'], { env: { NODE_ENV: 'production' } });
    expect(res).toEqual({
      code: 1, out: '',
      err: 'error: tokens mint is refused in production (NODE_ENV=production): tokens there come from the real identity provider.\n',
    });
    expect(existsSync(join(cli.dir, 'idp-demo-key.json'))).toBe(false);
  });

  it.each<[string, string]>([['OPERATOR', 'op-1'], ['PERSON', 'person-opaque-1'], ['ENTERPRISE', USCC]])(
    'mints a %s token the gateway verifier accepts, valid one hour by default',
    async (kind, subject) => {
      const res = await cli.run(['tokens', 'mint', '--kind', kind, '--subject', subject]);
      expect({ code: res.code, err: res.err }).toEqual({ code: 0, err: `${kind} ${subject}, valid 3600 s: send it as "Authorization: Bearer <token>"\n` });
      const token = res.out.trim();
      expect(await verify(token)).toEqual({ kind, subject });
      const { exp, iat } = decodeJwt(token);
      expect(exp! - iat!).toBe(3600);
    },
  );

  it('signs with the key kept in $DATA_DIR/idp-demo-key.json, the issuer and audience of JWT_ISSUER / JWT_AUDIENCE, and --ttl', async () => {
    const res = await cli.run(['tokens', 'mint', '--kind', 'PERSON', '--subject', 'p-2', '--ttl', '90'], { env: { JWT_ISSUER: 'idp.example', JWT_AUDIENCE: 'cg-test' } });
    const token = res.out.trim();
    const kid = (JSON.parse(readFileSync(join(cli.dir, 'idp-demo-key.json'), 'utf8')) as { privateJwk: { kid: string } }).privateJwk.kid;
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'EdDSA', kid });
    expect(await verify(token, 'idp.example', 'cg-test')).toEqual({ kind: 'PERSON', subject: 'p-2' });
    await expect(verify(token)).rejects.toThrow();
    const { exp, iat } = decodeJwt(token);
    expect(exp! - iat!).toBe(90);
  });

  it.each<[string, string[], string]>([
    ['an unknown kind', ['--kind', 'INSTITUTION', '--subject', 'x'], 'error: --kind must be one of PERSON, ENTERPRISE, OPERATOR; got "INSTITUTION"'],
    ['an enterprise subject that is not a USCC', ['--kind', 'ENTERPRISE', '--subject', `${USCC.slice(0, 17)}${USCC[17] === '0' ? '1' : '0'}`], "error: --subject must be the enterprise's USCC"],
    ['a resident ID number as a person subject', ['--kind', 'PERSON', '--subject', '33050219900101001X'], 'error: --subject must be the opaque person id, never a resident ID number'],
    ['a ttl of zero', ['--kind', 'OPERATOR', '--subject', 'op', '--ttl', '0'], 'error: --ttl must be between 1 and 2592000 seconds; got 0'],
    ['a ttl over 30 days', ['--kind', 'OPERATOR', '--subject', 'op', '--ttl', '2592001'], 'error: --ttl must be between 1 and 2592000 seconds; got 2592001'],
    ['a missing subject', ['--kind', 'OPERATOR'], 'error: --subject is required'],
  ])('exits 64 on %s, printing no token', async (_what, args, message) => {
    const res = await cli.run(['tokens', 'mint', ...args]);
    expect(res).toEqual({ code: 64, out: '', err: expect.stringContaining(message) });
  });
});
