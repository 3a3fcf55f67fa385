/**
 * One subgraph for the bench: `tsx bench/services/subgraph.ts <name> [--no-access-log]`, with the
 * environment the bench prepared, as production runs it (every gateway signs its calls). Counts
 * the SQL statements it sends to SQLite and serves the count on a second loopback port:
 * `GET /sql` → `{ "statements": n }`, `POST /sql/reset`. They are counted where better-sqlite3
 * executes them (a statement's all/get/run/iterate and `exec`: Prisma's adapter and the subgraphs'
 * prepared reads alike, BEGIN and COMMIT included), not through Prisma's `onQuery` events: those cost the subgraphs about a tenth
 * of their CPU (measured), which would flatten every gateway's numbers alike. On PostgreSQL
 * (`--provider postgresql`) they are counted where pg sends them (`Client#query`).
 *
 * `person --no-access-log` builds the person subgraph with an access log that writes nothing: the
 * bench runs the person workload against it once to measure what the access log costs. Production
 * has no such switch; this instance exists only here.
 */
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { isSubgraphName, starterOf } from '../../subgraphs/index.ts';
import { announce, stopOnSignal } from '../processes.ts';

type Started = { url: string; app: FastifyInstance; close(): Promise<void> };


/** The person subgraph as its `startSubgraph` builds it, but with an access log that keeps nothing. */
async function startPersonWithoutAccessLog(env: Record<string, string | undefined>): Promise<Started> {
  const { subgraph } = await import('../../subgraphs/person/main.ts');
  return subgraph.start(env, { port: 0, given: { accessLog: { append: async () => {} } } });
}

async function main(): Promise<void> {
  const name = process.argv[2] as SubgraphName;
  if (!isSubgraphName(name)) throw new Error(`usage: subgraph.ts <${SUBGRAPHS.join('|')}> [--no-access-log]`);
  const noAccessLog = process.argv.includes('--no-access-log');
  if (noAccessLog && name !== 'person') throw new Error('--no-access-log is for the person subgraph only');

  let statements = 0;
  type Methods = Record<string, (...args: unknown[]) => unknown>;
  const count = (proto: Methods, methods: string[]) => {
    for (const method of methods) {
      const original = proto[method]!;
      proto[method] = function (this: unknown, ...args: unknown[]) {
        statements++;
        return original.apply(this, args);
      };
    }
  };
  const Database = createRequire(import.meta.url)('better-sqlite3') as { new (path: string): { prepare(sql: string): object; close(): void }; prototype: Methods };
  const probe = new Database(':memory:');
  const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Methods;
  probe.close();
  // Executions, not preparations: the subgraphs' hot reads prepare a statement once (lib/db/reader.ts).
  count(Statement, ['all', 'get', 'run', 'iterate']);
  count(Database.prototype, ['exec']);
  count((await import('pg')).default.Client.prototype as unknown as Methods, ['query']);
  const subgraph = noAccessLog
    ? await startPersonWithoutAccessLog(process.env)
    : await (await starterOf(name))(process.env, { port: 0 });

  const stats = createHttpServer((req, res) => {
    if (req.method === 'POST' && req.url === '/sql/reset') statements = 0;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statements }));
  });
  await new Promise<void>((r) => stats.listen(0, '127.0.0.1', r));
  const statsUrl = `http://127.0.0.1:${(stats.address() as AddressInfo).port}`;
  stopOnSignal(async () => {
    stats.close();
    await subgraph.close();
  });
  announce({ name, url: subgraph.url, statsUrl });
}

main().catch((err) => { console.error(err); process.exit(1); });
