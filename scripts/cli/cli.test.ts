/** The entry point: help, dispatch, exit statuses; and `npx tsx scripts/cli.ts` run for real. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUPS } from '../cli.ts';
import { startTestCli, type TestCli } from './test-support.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMANDS = [
  'institutions list', 'institutions register', 'institutions suspend', 'institutions activate',
  'keys issue', 'keys list', 'keys revoke', 'keys rotate', 'tokens mint', 'usage export',
  'ingest file', 'ingest status', 'ingest rejected',
  'retention run', 'retention list',
  'webhooks list', 'webhooks deliveries', 'webhooks dead-letters', 'webhooks replay', 'webhooks replay-dead',
];

let cli: TestCli;
beforeAll(async () => { cli = await startTestCli(); });
afterAll(async () => { await cli?.close(); });

describe('cli entry', () => {
  it('lists every command on one line each with --help, and exits 0', async () => {
    const { code, out, err } = await cli.run(['--help']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.split('\n').filter((l) => l.startsWith('  '));
    expect(lines.map((l) => l.trim().split(/ {2,}/)[0])).toEqual(COMMANDS);
    expect(lines.every((l) => l.trim().split(/ {2,}/)[1]!.length > 10)).toBe(true);
    expect(Object.entries(GROUPS).flatMap(([g, c]) => Object.keys(c).map((n) => `${g} ${n}`))).toEqual(COMMANDS);
  });

  it('prints the help on stderr and exits 64 with no command', async () => {
    const res = await cli.run([]);
    expect(res.code).toBe(64);
    expect(res.out).toBe('');
    expect(res.err).toContain('usage: npm run cli -- <command> [options]');
  });

  it("shows one command's usage with <command> --help, and a group's commands with <group> --help", async () => {
    expect(await cli.run(['usage', 'export', '--help'])).toEqual({
      code: 0, err: '',
      out: `usage: npm run cli -- usage export --from ISO --to ISO [--granularity HOUR|DAY|MONTH] [--institution ID] [--out file.csv]\n\n${GROUPS.usage!.export!.summary}\n`,
    });
    expect(await cli.run(['keys', '--help'])).toEqual({
      code: 0, err: '',
      out: 'keys commands:\n  keys issue <institutionId>\n  keys list <institutionId>\n  keys revoke <keyId>\n  keys rotate <keyId>\n',
    });
  });

  it.each<[string[], string]>([
    [['accounts', 'list'], 'error: unknown command "accounts"; expected one of institutions, keys, tokens, usage, ingest, retention, webhooks (npm run cli -- --help)\n'],
    [['keys'], 'error: "keys" needs a command; one of:\n  keys issue <institutionId>\n  keys list <institutionId>\n  keys revoke <keyId>\n  keys rotate <keyId>\n'],
    [['keys', 'delete', 'k'], 'error: unknown command "keys delete"; one of:\n  keys issue <institutionId>\n  keys list <institutionId>\n  keys revoke <keyId>\n  keys rotate <keyId>\n'],
  ])('exits 64 for %j with a message saying what exists', async (argv, err) => {
    expect(await cli.run(argv)).toEqual({ code: 64, out: '', err });
  });

  it('exits 1 with the message of an unexpected failure, never a stack', async () => {
    const broken = await startTestCli();
    await broken.db.prisma.$executeRawUnsafe('DROP TABLE "Institution"');
    const res = await broken.run(['institutions', 'list']);
    await broken.close();
    expect(res).toEqual({ code: 1, out: '', err: 'error: institutions list failed: The table `main.Institution` does not exist in the current database.\n' });
  });
});

describe('npx tsx scripts/cli.ts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-cli-run-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATA_DIR: dataDir };
  const run = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/cli.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });

  it('prints the command list with --help and exits 0', () => {
    const res = run('--help');
    expect(res.status).toBe(0);
    for (const c of COMMANDS) expect(res.stdout).toContain(`  ${c} `);
  });

  it('registers and lists against the platform database under DATA_DIR (resolved and migrated like npm start)', () => {
    const registered = run('institutions', 'register', '--name', 'Spawned Bank', '--kind', 'FINANCIAL');
    expect(registered.stderr).toContain('registered FINANCIAL institution "Spawned Bank"');
    expect(registered.status).toBe(0);
    const id = registered.stdout.trim();
    const listed = run('institutions', 'list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(`${id}  FINANCIAL  ACTIVE  Spawned Bank  -`);
    const bad = run('institutions', 'suspend', 'inst-none');
    expect({ status: bad.status, stderr: bad.stderr.trim().split('\n').at(-1) }).toEqual({ status: 1, stderr: 'error: No institution with id inst-none.' });
  }, 60_000);
});
