/**
 * `npm start`: every subgraph and the gateway, each its own process and port, on the embedded
 * SQLite default under ./data (or PostgreSQL when configured). First start creates, migrates and
 * seeds the databases; every start mints fresh demo tokens into $DATA_DIR/demo-credentials.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_PORTS, envPrefix, SUBGRAPHS } from '../lib/config.ts';
import { prepare } from './prepare.ts';
import { ensureDemo } from './demo.ts';

const root = resolve(import.meta.dirname, '..');
/** util-linux's chrt (Debian's base system): starts a background process under SCHED_IDLE. */
const CHRT = '/usr/bin/chrt';

async function waitReady(name: string, url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not ready at ${url} after ${timeoutMs / 1000}s`);
}

async function main() {
  const env = { APOLLO_TELEMETRY_DISABLED: 'true', CHECKPOINT_DISABLE: '1', ...process.env };
  console.log('creditgraph: preparing data directory and databases…');
  const prepared = await prepare(env);
  const demo = await ensureDemo(prepared);
  const host = prepared.env.HOST ?? '127.0.0.1';
  const children: { name: string; child: ChildProcess }[] = [];
  let stopping = false;

  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => { for (const { child } of children) child.kill('SIGKILL'); process.exit(code); }, 10_000);
    Promise.all(children.map(({ child }) => child.exitCode !== null ? null : new Promise((r) => child.once('exit', r))))
      .then(() => { clearTimeout(timer); process.exit(code); });
  };
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));

  const launch = (name: string, entry: string, childEnv: Record<string, string | undefined>, o: { idle?: boolean } = {}) => {
    const node = [process.execPath, '--import', 'tsx', entry];
    // `idle`: born under SCHED_IDLE (util-linux's chrt execs node, every thread inherits it), so it
    // runs only on CPU time nothing else wants; without chrt, niceness 19 alone (set below).
    const [command, ...args] = o.idle && existsSync(CHRT) ? [CHRT, '--idle', '0', ...node] : node;
    const child = spawn(command!, args, { cwd: root, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`creditgraph: ${name} stopped unexpectedly (${signal ?? code}); stopping everything`);
        stopAll(1);
      }
    });
    children.push({ name, child });
    return child;
  };

  // Every process learns where every subgraph answers: the gateway routes to them, and subgraphs call
  // their peers (monitoring follows the enterprise and person change logs, finance asks the platform).
  const portOf = (name: (typeof SUBGRAPHS)[number]) => Number(prepared.env[`${envPrefix(name)}_PORT`] ?? DEFAULT_PORTS[name]);
  const subgraphUrls: Record<string, string> = Object.fromEntries(
    SUBGRAPHS.map((name) => [`${envPrefix(name)}_URL`, `http://${host}:${portOf(name)}/graphql`]));
  // Webhooks go out from a dispatcher process of its own at a lower CPU priority, the platform
  // subgraph dispatching nothing: at the same priority a backlog of deliveries took ~40% of the
  // serving throughput on two cores; at niceness 19, serving kept 99% of it while 1,547 webhooks/s
  // still went out (at 10: 83%, 1,765/s; bench/monitoring-serving.ts, README "Monitoring").
  // MONITORING_DISPATCH=false: no dispatcher.
  const dispatching = prepared.env.MONITORING_DISPATCH !== 'false';
  const platformEnv = dispatching ? { MONITORING_DISPATCH: 'false' } : {};
  // Bulk ingest files are read by a runner process of its own under SCHED_IDLE (and niceness 19), the
  // enterprise subgraph only receiving them (collection/ingest-main.ts); INGEST_RUNNER=in-process: in
  // the subgraph. Cross-subgraph p99 while a load ran (bench/ingest-serving.ts): 19.8 ms at niceness
  // 19 alone, 15.4 ms under SCHED_IDLE (idle 10.1 ms); the load still went in at 2,350 rows/s.
  const ingestApart = prepared.env.INGEST_RUNNER !== 'in-process';
  const ownEnv = (name: string) => name === 'platform' ? platformEnv : name === 'enterprise' && ingestApart ? { INGEST_RUNNER: 'external' } : {};
  await Promise.all(SUBGRAPHS.map(async (name) => {
    const child = launch(name, join('subgraphs', name, 'main.ts'), { ...prepared.env, ...subgraphUrls, ...ownEnv(name) });
    await waitReady(name, `http://${host}:${portOf(name)}/readyz`, child);
  }));
  if (dispatching) {
    const dispatcher = launch('webhook dispatcher', join('subgraphs', 'platform', 'monitoring', 'dispatch-main.ts'), { ...prepared.env, ...subgraphUrls });
    // The lowest priority: the kernel serves requests first; an idle machine still delivers at full speed.
    if (dispatcher.pid !== undefined) setPriority(dispatcher.pid, 19);
  }
  if (ingestApart) {
    const runner = launch('ingest runner', join('subgraphs', 'enterprise', 'collection', 'ingest-main.ts'), { ...prepared.env, ...subgraphUrls, INGEST_RUNNER: 'external' }, { idle: true });
    if (runner.pid !== undefined) setPriority(runner.pid, 19);
  }
  const gatewayPort = Number(prepared.env.PORT ?? DEFAULT_PORTS.gateway);
  const gateway = launch('gateway', join('gateway', 'main.ts'), { ...prepared.env, ...subgraphUrls });
  await waitReady('gateway', `http://${host}:${gatewayPort}/readyz`, gateway);

  console.log(`
CreditGraph is up.
  gateway:           http://${host}:${gatewayPort}/graphql
  demo credentials:  ${demo.credentialsFile}
  data:              ${prepared.dataDir} (${prepared.provider})
Try:
  curl -s http://${host}:${gatewayPort}/graphql -H 'content-type: application/json' \\
    -d '{"query":"{ enterprise(uscc: \\"${demo.firstUscc}\\") { name overview { regionName industryName } penalties { penaltyType amount } } }"}'
Stop with Ctrl-C.`);
}

main().catch((err) => { console.error(err); process.exit(1); });
