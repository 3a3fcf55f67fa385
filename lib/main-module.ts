/**
 * Running a module as a program: whether it is the file node was started with, and the graceful
 * stop of a process that serves nothing (the webhook dispatcher, the bulk ingest runner; a subgraph
 * has lib/subgraph.ts runWhenMain). Kept apart from lib/subgraph.ts so that such a process does not
 * load the HTTP server's modules.
 */
import { pathToFileURL } from 'node:url';

/** Whether `moduleUrl` (the caller's `import.meta.url`) is the file node was started with. */
export const isMainModule = (moduleUrl: string): boolean => Boolean(process.argv[1]) && moduleUrl === pathToFileURL(process.argv[1]!).href;

/**
 * `start` from `process.env` when the caller's module is the program; SIGINT and SIGTERM stop it
 * gracefully; a failed start or stop exits 1.
 */
export function runProcessWhenMain(moduleUrl: string, start: (env: Record<string, string | undefined>) => Promise<{ stop(): Promise<void> }>): void {
  if (!isMainModule(moduleUrl)) return;
  start(process.env).then((running) => {
    const stop = () => { running.stop().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); }); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }, (err: unknown) => { console.error(err); process.exit(1); });
}
