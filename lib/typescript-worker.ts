/**
 * A worker thread running a TypeScript module. tsx registers itself on the main thread only, so the
 * worker starts from a two-line ES module that registers tsx there and then imports `entry`: the
 * same whether this process came from tsx (`npm start`, the CLI) or jest.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;

export function startTypeScriptWorker(entry: URL, options: WorkerOptions): Worker {
  const bootstrap = `(await import(${JSON.stringify(tsxApi)})).register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}
