/** Starts the person subgraph: config, database, listen. */
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pendingMigrations } from '../../lib/db/migrations.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';
import { loadPersonConfig } from './config.ts';
import { openPersonDb, type Db } from './db/client.ts';
import { loadIntegrityCodes } from './same-city.ts';
import { createServer } from './server.ts';

export interface StartOptions {
  port?: number;
  host?: string;
  logger?: Logger;
  onQuery?: (sql: string) => void;
  /** The clock (tests move it). */
  now?: () => Date;
}

export async function startSubgraph(
  env: Record<string, string | undefined>,
  opts: StartOptions = {},
): Promise<{ url: string; app: FastifyInstance; db: Db; close(): Promise<void> }> {
  const config = loadPersonConfig(env);
  const logger = opts.logger ?? createLogger({ name: 'person', level: config.logLevel });
  const integrity = await loadIntegrityCodes(config);
  if (config.provider === 'sqlite') mkdirSync(config.dataDir, { recursive: true });
  const db = await openPersonDb(config.provider, config.databaseUrl, opts.onQuery);
  const app = createServer({
    db,
    logger,
    config,
    integrity,
    now: opts.now,
    readiness: async () => {
      const pending = await pendingMigrations({ subgraph: 'person', provider: config.provider, url: config.databaseUrl });
      if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(', ')}`);
    },
  });
  try {
    await app.listen({ port: opts.port ?? config.port, host: opts.host ?? config.host });
  } catch (err) {
    await app.close().catch(() => {});
    await db.$disconnect();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port ?? config.port;
  return {
    url: `http://${opts.host ?? config.host}:${port}/graphql`,
    app,
    db,
    async close() {
      await app.close(); // flushes the access log writer first
      await db.$disconnect();
    },
  };
}

async function main(): Promise<void> {
  const { url, close } = await startSubgraph(process.env);
  console.log(`person subgraph at ${url}`);
  const stop = () => {
    close().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => { console.error(err); process.exit(1); });
}
