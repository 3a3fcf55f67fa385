/**
 * More gateways over a running stack's subgraphs and platform database: in this process (another
 * configuration of the same code) or as its own process (`gateway/main.ts`, for signals: SIGTERM,
 * kill -9).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { envPrefix } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { startGateway, type RunningGateway } from '../../gateway/main.ts';
import type { Stack } from './stack.ts';

type Env = Record<string, string | undefined>;

/** The stack's environment, with `<NAME>_URL` of each of its running subgraphs, and `extra` on top. */
export function gatewayEnvOf(stack: Stack, extra: Env = {}): Env {
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [`${envPrefix(name)}_URL`, s.url]));
  return { ...stack.env, ...urls, ...extra };
}

/** Another gateway in this process; the caller closes it. */
export function startSecondGateway(stack: Stack, extra: Env = {}, name = 'gateway-2'): Promise<RunningGateway> {
  return startGateway(gatewayEnvOf(stack, extra), { port: 0, logger: createLogger({ name, level: 'warn' }) });
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** `node gateway/main.ts` over the stack's subgraphs, once it answers /readyz. */
export async function spawnGateway(stack: Stack, extra: Env = {}): Promise<GatewayProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../gateway/main.ts')], {
    env: gatewayEnvOf(stack, { PORT: String(port), LOG_LEVEL: 'warn', NODE_OPTIONS: '', ...extra }) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}/graphql`;
  // Bound: 90 s, for a loaded two-core machine (a gateway process starts in ~3 s on an idle one).
  for (const deadline = Date.now() + 90_000; Date.now() < deadline && child.exitCode === null;) {
    try { if ((await fetch(url.replace('/graphql', '/readyz'))).ok) return { child, url, exited }; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('gateway process did not start');
}
