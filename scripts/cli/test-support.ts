/**
 * Test support: CLI commands run as functions against a fresh, migrated temp SQLite platform
 * database and DATA_DIR, their output captured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../lib/db/client.ts';
import { applyMigrations } from '../../lib/db/migrations.ts';
import { clientModules, type Db } from '../../subgraphs/platform/db/client.ts';
import { runCli } from '../cli.ts';
import type { CliContext, Env } from './command.ts';

export interface CliRun { code: number; out: string; err: string }

export interface TestCli {
  dir: string;
  db: Db;
  /** Runs one command line (as after `npm run cli --`). */
  run(argv: string[], opts?: { env?: Env; now?: Date }): Promise<CliRun>;
  close(): Promise<void>;
}

export async function startTestCli(): Promise<TestCli> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-cli-'));
  const url = `file:${join(dir, 'platform.db')}`;
  await applyMigrations({ subgraph: 'platform', provider: 'sqlite', url });
  const db = await openDb(clientModules, 'sqlite', url);
  return {
    dir,
    db,
    async run(argv, opts = {}) {
      let out = '';
      let err = '';
      const ctx: CliContext = {
        env: { NODE_ENV: 'test', DATA_DIR: dir, ...opts.env },
        db: async () => db,
        dataDir: async () => dir,
        out: (t) => { out += t.endsWith('\n') ? t : `${t}\n`; },
        err: (t) => { err += t.endsWith('\n') ? t : `${t}\n`; },
        now: () => opts.now ?? new Date('2026-03-01T08:00:00.000Z'),
      };
      const code = await runCli(argv, ctx);
      return { code, out, err };
    },
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
