/**
 * Builds the pages into console/dist with esbuild: app.js (Preact + ECharts), explorer.js
 * (GraphiQL, React), their CSS, the HTML pages. The built files are committed: a production
 * install (`npm ci --omit=dev`) has none of the front-end tooling and the gateway serves them as
 * they are; tests/console/assets.test.ts rebuilds in memory and fails when dist is stale.
 * `npm run build:console` (after changing console/src or console/public).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));
export const DIST = join(root, 'dist');

const common: BuildOptions = {
  bundle: true, minify: true, format: 'esm', target: 'es2022', platform: 'browser', write: false,
  outdir: DIST, legalComments: 'external', charset: 'utf8', logLevel: 'silent',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file' },
  assetNames: '[name]-[hash]',
};

/** Every file of console/dist, by name, built afresh in memory. */
export async function buildConsole(): Promise<Map<string, Uint8Array>> {
  const [app, explorer] = await Promise.all([
    build({ ...common, entryPoints: { app: join(root, 'src/app.tsx') }, jsx: 'automatic', jsxImportSource: 'preact' }),
    build({ ...common, entryPoints: { explorer: join(root, 'src/explorer.ts') } }),
  ]);
  const files = new Map<string, Uint8Array>();
  for (const f of [...app.outputFiles!, ...explorer.outputFiles!]) files.set(basename(f.path), f.contents);
  for (const name of readdirSync(join(root, 'public'))) files.set(name, readFileSync(join(root, 'public', name)));
  return files;
}

async function main() {
  const files = await buildConsole();
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  for (const [name, body] of files) writeFileSync(join(DIST, name), body);
  for (const [name, body] of [...files].sort()) console.log(`console/dist/${name}  ${(body.length / 1024).toFixed(0)} KiB`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => { console.error(err); process.exit(1); });
}
