// `npm run bench` runs this first: it installs the bench's own dependencies (bench/package.json:
// the peer gateways and the load generator) into bench/node_modules when one is missing or not at
// its pinned version, so the product's `npm install` never carries them. From the npm registry
// only, like the product's install; nothing happens when they are already in place.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const wanted = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies;

function installed(name) {
  const file = join(dir, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : null;
}

const stale = Object.entries(wanted).filter(([name, version]) => installed(name) !== version);
if (stale.length > 0) {
  console.error(`bench: installing its own dependencies into bench/node_modules (${stale.map(([n, v]) => `${n}@${v}`).join(', ')})…`);
  const r = spawnSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('bench: `npm install --prefix bench` failed; the bench needs its peers and load generator');
    process.exit(r.status ?? 1);
  }
}
