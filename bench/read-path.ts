/**
 * One archive-category lookup (`uscc IN (…)` with the public-disclosure rule, ordered), three
 * ways side by side in one run on the bench's SQLite data set: Prisma 7's client (what the
 * subgraphs used for every read), the subgraphs' prepared read path (lib/db/reader.ts), and the
 * bare better-sqlite3 statement under it. Reports CPU µs per lookup; rounds alternate the order.
 *
 *   npx tsx bench/read-path.ts [--dataset 100k] [--lookups 3000] [--rounds 3] [--keys 1]
 *
 * Run `npm run bench -- --seed-only` first (it makes bench/.data/<dataset>).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findPenaltiesByUscc } from '../subgraphs/enterprise/db/records.ts';
import { openEnterpriseDb } from '../subgraphs/enterprise/db/client.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: '100k' },
    lookups: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
    keys: { type: 'string', default: '1' },
  },
});
const file = join(import.meta.dirname, '.data', values.dataset, 'enterprise.db');
if (!existsSync(file)) {
  console.error(`no data set at ${file}: run \`npm run bench -- --seed-only\` first`);
  process.exit(1);
}
const N = Number(values.lookups);
const K = Number(values.keys);
const today = '2026-12-06';

const db = await openEnterpriseDb('sqlite', `file:${file}`);
const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string, o?: object) => {
  prepare(sql: string): { all(...a: unknown[]): Record<string, unknown>[] };
  close(): void;
};
const raw = new Database(file, { readonly: true });
const usccs = (raw.prepare('SELECT "uscc" FROM "Enterprise" LIMIT ?').all(N * K) as Array<{ uscc: string }>).map((r) => r.uscc);
const batch = (i: number) => usccs.slice((i * K) % usccs.length, ((i * K) % usccs.length) + K);
const bare = raw.prepare(`SELECT * FROM "AdministrativePenalty" WHERE "uscc" IN (SELECT value FROM json_each(?)) AND "status" = 'PUBLISHED' ` +
  `AND ("publicityEndDate" IS NULL OR "publicityEndDate" >= ?) ORDER BY "decisionDate" DESC NULLS LAST, "id" ASC`);

const ways: Record<string, () => Promise<void>> = {
  'prisma client': async () => {
    for (let i = 0; i < N; i++) {
      await db.prisma.administrativePenalty.findMany({
        where: { uscc: { in: batch(i) }, status: 'PUBLISHED', OR: [{ publicityEndDate: null }, { publicityEndDate: { gte: today } }] },
        orderBy: [{ decisionDate: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
      });
    }
  },
  'prepared (lib/db/reader.ts)': async () => {
    for (let i = 0; i < N; i++) await findPenaltiesByUscc(db, batch(i), { kind: 'public', withheldItems: [] }, today);
  },
  'bare better-sqlite3': async () => {
    for (let i = 0; i < N; i++) {
      const rows = bare.all(JSON.stringify(batch(i)), today);
      for (const r of rows) r.underObjection = r.underObjection === 1;
    }
  },
};

const results = new Map<string, number[]>();
console.log(`read path: ${N} lookups of ${K} key(s) per round on ${values.dataset}, ${values.rounds} rounds`);
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 === 0 ? Object.keys(ways) : Object.keys(ways).reverse();
  for (const name of order) {
    const before = process.cpuUsage();
    await ways[name]!();
    const used = process.cpuUsage(before);
    const us = (used.user + used.system) / N;
    results.set(name, [...(results.get(name) ?? []), us]);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(results.get('prepared (lib/db/reader.ts)')!);
for (const [name, xs] of results) {
  console.log(`  ${name.padEnd(28)} ${median(xs).toFixed(1).padStart(7)} µs CPU per lookup (median of ${xs.length}; ${(median(xs) / base).toFixed(1)}x the prepared path)`);
}
raw.close();
await db.close();
