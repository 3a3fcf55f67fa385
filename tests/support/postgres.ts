// A throwaway PostgreSQL for tests and for `npm run migrate -- create` (PostgreSQL diffs need a real
// server). Uses the machine's PostgreSQL binaries (PG_BIN, else /usr/lib/postgresql/<newest>/bin),
// runs initdb + pg_ctl as a non-root user when we are root (initdb refuses root), listens on
// 127.0.0.1 and a socket in its own temp dir, and removes everything on stop().
//
// Under `npm test` one server serves the whole run (./global-setup.mjs starts it before the
// first file and says where in CREDITGRAPH_TEST_PG_PORT): a test file's `startPostgres()` is then a
// set of databases of its own on that server, dropped by its stop(). A server per file cost ~2 s of
// initdb and start each, for ~35 files.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface PostgresInstance {
  /** Connection string for a database on this server (user `postgres`, trust auth). */
  url(db: string): string;
  /** Creates an empty database and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and deletes its data directory (unless `keepIn`). Safe to call twice. */
  stop(): Promise<void>;
}

interface RunAs { uid: number; gid: number; name: string }

/** Directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const hasTools = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  if (process.env.PG_BIN) return hasTools(process.env.PG_BIN) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [...versions.map((v) => join(root, v, 'bin')), ...(process.env.PATH ?? '').split(delimiter)];
  return candidates.find((dir) => dir && hasTools(dir)) ?? null;
}

/** The OS user that runs the server: ourselves, or `postgres`/`nobody` when we are root. */
function runAsUser(): RunAs | null {
  if (process.getuid?.() !== 0) return { uid: process.getuid?.() ?? -1, gid: process.getgid?.() ?? -1, name: userInfo().username };
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  for (const name of ['postgres', 'nobody']) {
    const entry = passwd.find((fields) => fields[0] === name);
    if (entry) return { uid: Number(entry[2]), gid: Number(entry[3]), name };
  }
  return null;
}

/** True when a PostgreSQL server can be started here (binaries found, and a non-root user if root). */
export function postgresAvailable(): boolean {
  return findPostgresBin() !== null && runAsUser() !== null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** spawn options that drop root (initdb and pg_ctl refuse to run as root). */
function asUser(user: RunAs): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 ? { uid: user.uid, gid: user.gid } : {};
}

function run(bin: string, args: string[], user: RunAs, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { ...asUser(user), cwd, env: { ...process.env, LC_ALL: 'C' }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${bin} ${args.join(' ')} failed as user ${user.name}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

export interface StartOptions {
  /**
   * Keep the server's files in this directory (created on first use) and reuse them on the next
   * start, instead of a temp dir removed on stop: the bench's 1 M data set takes ~10 min to seed.
   * When we are root the server runs as `postgres`, which must be able to reach it (its parents
   * searchable by others, not a 0700 mkdtemp directory).
   */
  keepIn?: string;
  /** Extra server settings, e.g. `{ shared_buffers: '1GB' }`. */
  settings?: Record<string, string>;
}


/** Names a database may have here (a quoted identifier, within PostgreSQL's 63 bytes with the prefix below). */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,50}$/;

const urlOn = (port: number) => (db: string) => `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(db)}`;

async function adminQuery(port: number, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlOn(port)('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A throwaway server: the run's shared one when `npm test` started it (its databases are this
 * caller's own, under a random prefix, and stop() drops them), else one of the caller's own.
 */
export async function startPostgres(o: StartOptions = {}): Promise<PostgresInstance> {
  const shared = Number(process.env.CREDITGRAPH_TEST_PG_PORT);
  // A kept or tuned server (the bench's) is always the caller's own.
  return shared > 0 && !o.keepIn && !o.settings ? databasesOn(shared) : startPostgresServer(o);
}

function databasesOn(port: number): PostgresInstance {
  const prefix = `t${randomBytes(5).toString('hex')}_`;
  const created: string[] = [];
  return {
    url: urlOn(port),
    async createDatabase(name) {
      if (!DATABASE_NAME.test(name)) throw new Error(`database name must match ${DATABASE_NAME.source}, got "${name}"`);
      const mine = prefix + name;
      await adminQuery(port, `CREATE DATABASE "${mine}"`);
      created.push(mine);
      return urlOn(port)(mine);
    },
    async stop() {
      // FORCE: a pool a test left open must not keep its database (and the server's disk) alive.
      for (const name of created.splice(0)) await adminQuery(port, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    },
  };
}

/** A server of the caller's own (the run's shared one is such a server too). */
export async function startPostgresServer(o: StartOptions = {}): Promise<PostgresInstance & { port: number }> {
  const bin = findPostgresBin();
  const user = runAsUser();
  if (!bin) throw new Error('PostgreSQL binaries not found: expected initdb and pg_ctl in PG_BIN or /usr/lib/postgresql/*/bin');
  if (!user) throw new Error('running as root but found neither a `postgres` nor a `nobody` user to run PostgreSQL as');

  const dir = o.keepIn ?? mkdtempSync(join(tmpdir(), 'pg-'));
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const reuse = o.keepIn !== undefined && existsSync(join(data, 'PG_VERSION'));
  const pgCtl = join(bin, 'pg_ctl');
  let running = false;
  const stopSync = () => {
    if (running) spawnSync(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...asUser(user), stdio: 'ignore' });
    running = false;
    if (!o.keepIn) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopSync); // a crashed test run must not leave a postmaster behind

  let port = 0;
  try {
    if (!reuse) await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], user, dir);
    const settings = Object.entries(o.settings ?? {}).map(([k, v]) => ` -c ${k}=${v}`).join('');
    for (let attempt = 1; !running; attempt++) {
      port = await freePort();
      const options = `-c listen_addresses=127.0.0.1 -p ${port} -k '${dir}' -c fsync=off -c full_page_writes=off${settings}`;
      try {
        await run(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', options, 'start'], user, dir);
        running = true;
      } catch (error) {
        if (attempt >= 3) throw error; // most likely the free port was taken in between: try another one
      }
    }
  } catch (error) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    stopSync();
    process.removeListener('exit', stopSync);
    throw new Error(`${(error as Error).message}${log ? `\nserver log:\n${log}` : ''}`);
  }

  const url = urlOn(port);
  return {
    port,
    url,
    async createDatabase(name) {
      if (!DATABASE_NAME.test(name)) throw new Error(`database name must match ${DATABASE_NAME.source}, got "${name}"`);
      await adminQuery(port, `CREATE DATABASE "${name}"`);
      return url(name);
    },
    async stop() {
      if (running) await run(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop'], user, dir).catch(() => undefined);
      running = false;
      stopSync();
      process.removeListener('exit', stopSync);
    },
  };
}
