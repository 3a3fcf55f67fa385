/**
 * The bench's child processes: each service is `node --import tsx <entry>` (so the child's pid is
 * the service's own, for RSS and CPU sampling), announces itself with one `BENCH_READY <json>` line
 * on stdout, and stops on SIGTERM. Every child is killed when the bench exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = resolve(import.meta.dirname, '..');
const READY = 'BENCH_READY ';

export interface Service<R = Record<string, unknown>> {
  name: string;
  pid: number;
  /** What the child announced (its URL, stats port, …). */
  ready: R;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = () => { for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\nbench: ${signal}, stopping services`);
      killAll();
      process.exit(130);
    });
  }
}

export interface LaunchOptions {
  env: Record<string, string | undefined>;
  args?: string[];
  /** Node flags before the entry (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Working directory (default: the project root). */
  cwd?: string;
  timeoutMs?: number;
}

export async function launch<R = Record<string, unknown>>(name: string, entry: string, o: LaunchOptions): Promise<Service<R>> {
  hookExit();
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', entry, ...(o.args ?? [])], {
    cwd: o.cwd ?? ROOT, env: o.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((r) => child.once('exit', () => { running.delete(child); r(); }));
  const tail: string[] = [];
  const keep = (line: string) => { tail.push(line); if (tail.length > 40) tail.shift(); };
  createInterface({ input: child.stderr! }).on('line', (line) => {
    keep(line);
    if (process.env.BENCH_VERBOSE === '1' || line.startsWith('diag:')) console.error(`      [${name}] ${line}`);
  });
  let started = false;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (started && !stopping) console.error(`bench: ${name} exited unexpectedly (${signal ?? code}):\n${tail.join('\n')}`);
  });
  const ready = await new Promise<R>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${(o.timeoutMs ?? 90_000) / 1000}s\n${tail.join('\n')}`)), o.timeoutMs ?? 90_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!started && line.startsWith(READY)) {
        clearTimeout(timer);
        started = true;
        resolveReady(JSON.parse(line.slice(READY.length)) as R);
      } else {
        keep(line);
        if (process.env.BENCH_VERBOSE === '1') console.error(`[${name}] ${line}`);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${name} exited (${signal ?? code}) while starting:\n${tail.join('\n')}`));
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    name,
    pid: child.pid!,
    ready,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Announces a started service to the bench (first line of stdout). */
export function announce(ready: Record<string, unknown>): void {
  process.stdout.write(`${READY}${JSON.stringify(ready)}\n`);
}

/** Runs `close` on SIGTERM/SIGINT, then exits (normally, so --cpu-prof writes its profile). */
export function stopOnSignal(close: () => Promise<void>): void {
  const stop = () => { close().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); }); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// --------------------------------------------------------------------------- /proc sampling

/** Resident set size in bytes (VmRSS), or null once the process is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) in seconds, or null once the process is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
