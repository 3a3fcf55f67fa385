// `npm test`: the whole suite (unit + integration, SQLite and PostgreSQL) under jest.
// Jest needs --experimental-vm-modules for ESM; nothing here may call out of the machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function postgresBinaries() {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  for (const v of readdirSync(base).sort().reverse()) {
    const bin = join(base, v, 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  return null;
}

const pg = postgresBinaries();
if (!pg) {
  const line = '!'.repeat(78);
  console.error(`${line}\n!! PostgreSQL binaries not found: the PostgreSQL suite will be SKIPPED.\n!! Install Debian's postgresql package (apt-get install -y postgresql) to run it.\n!! CI never skips it.\n${line}`);
  if (process.env.CI === 'true' || process.env.REQUIRE_POSTGRES === '1') {
    console.error('CI / REQUIRE_POSTGRES: refusing to skip the PostgreSQL suite.');
    process.exit(1);
  }
}

const env = {
  ...process.env,
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings=ExperimentalWarning'].filter(Boolean).join(' '),
  APOLLO_TELEMETRY_DISABLED: 'true',
  CHECKPOINT_DISABLE: '1',
  // As the platform's machines run: in China Standard Time, so nothing may rely on the process's
  // zone being UTC (a test sees a timestamp read as local time 8 hours off). TZ=... overrides.
  TZ: process.env.TZ || 'Asia/Shanghai',
  ...(pg ? { PG_BIN: pg } : {}),
};
const result = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
