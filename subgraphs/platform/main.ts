/** Starts the platform subgraph: `tsx subgraphs/platform/main.ts`. */
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadSubgraphConfig } from '../../lib/config.ts';
import { openPrisma } from '../../lib/db/client.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';
import { clientModules, type Db } from './db/client.ts';
import { createServer, name } from './server.ts';

export interface StartOptions {
  port?: number;
  host?: string;
  logger?: Logger;
  /** Sees every SQL statement sent (tests count them). */
  onQuery?: (sql: string) => void;
  now?: () => Date;
}

export interface RunningSubgraph {
  url: string;
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

export async function startSubgraph(env: Record<string, string | undefined>, opts: StartOptions = {}): Promise<RunningSubgraph> {
  const config = loadSubgraphConfig(name, env);
  const logger = opts.logger ?? createLogger({ name, level: config.logLevel });
  const db = await openPrisma(clientModules, config.provider, config.databaseUrl, opts.onQuery);
  const app = createServer({ db, logger, config, now: opts.now });
  try {
    await app.listen({ port: opts.port ?? config.port, host: opts.host ?? config.host });
  } catch (err) {
    await db.$disconnect();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://${opts.host ?? config.host}:${port}/graphql`,
    app,
    db,
    async close() {
      await app.close();
      await db.$disconnect();
    },
  };
}

async function main(): Promise<void> {
  const running = await startSubgraph(process.env);
  running.app.log.info({ url: running.url }, `${name} subgraph listening`);
  const stop = async (signal: string) => {
    running.app.log.info({ signal }, 'shutting down');
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => { console.error(err); process.exit(1); });
}
