// postinstall: derive the PostgreSQL Prisma schemas, generate every Prisma client (one per subgraph
// and provider) and the typed resolvers. Offline: nothing here downloads.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? join(root, 'scripts/prisma-engine-stub.sh'),
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
const prismaBin = join(root, 'node_modules/.bin/prisma');
const subgraphs = readdirSync(join(root, 'prisma'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'prisma', d.name, 'schema.prisma')))
  .map((d) => d.name);

/** The PostgreSQL schema differs from the SQLite source in its provider and output only. */
export function derivePostgres(source) {
  const out = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/(output\s*=\s*"[^"]*\/)sqlite"/, '$1postgresql"');
  if (out === source) throw new Error('could not derive the PostgreSQL schema');
  return out;
}

for (const name of subgraphs) {
  const dir = join(root, 'prisma', name);
  const pg = join(dir, 'postgresql.prisma');
  writeFileSync(pg, '// GENERATED from schema.prisma by scripts/postinstall.mjs: do not edit.\n' +
    derivePostgres(readFileSync(join(dir, 'schema.prisma'), 'utf8')));
  for (const schema of [join(dir, 'schema.prisma'), pg]) {
    execFileSync(prismaBin, ['generate', '--schema', schema], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
console.log(`postinstall: generated Prisma clients for ${subgraphs.join(', ')} (sqlite + postgresql)`);

// The resolver types are committed: a production install (`npm ci --omit=dev`) has no
// graphql-codegen and needs none, so only a development install regenerates them.
const codegenBin = join(root, 'node_modules/.bin/graphql-codegen');
if (existsSync(join(root, 'codegen/codegen.ts')) && existsSync(codegenBin)) {
  execFileSync(codegenBin, ['--config', 'codegen/codegen.ts', '--silent'], { cwd: root, env, stdio: 'inherit' });
  console.log('postinstall: generated resolver types into codegen/');
}
