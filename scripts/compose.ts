/** `npm run compose` writes schema/supergraph.graphql; `--check` fails if it is out of date. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeSupergraph, readRoverConfig } from '../lib/supergraph.ts';

const root = resolve(import.meta.dirname, '..');
const out = resolve(root, 'schema/supergraph.graphql');
const sdl = composeSupergraph(readRoverConfig(resolve(root, 'rover.yaml'))) + '\n';
if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== sdl) {
    console.error('schema/supergraph.graphql is out of date: run `npm run compose`');
    process.exit(1);
  }
} else {
  writeFileSync(out, sdl);
  console.log(`wrote ${out}`);
}
