/** Starts the enterprise subgraph: config, database, server, listen. */
import { mkdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createLogger, type Logger } from '../../lib/logger.ts';
import { loadEnterpriseConfig } from './config.ts';
import { openEnterpriseDb, type Db } from './db/client.ts';
import { createServer, name } from './server.ts';
import { todayCST } from './today.ts';
import { coversYear, HolidayCalendarError, parseHolidayCalendar, type HolidayCalendar } from './working-days.ts';

export interface StartOptions {
  port?: number;
  host?: string;
  logger?: Logger;
  /** Every SQL statement sent to the database (tests count them). */
  onQuery?: (sql: string) => void;
  /** The clock for publicity periods. */
  now?: () => Date;
}

export interface RunningSubgraph {
  url: string;
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

/** Reads and checks the holiday calendar file; a bad one stops the start with every problem listed. */
export function readHolidayCalendar(file: string): HolidayCalendar {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HolidayCalendarError(`HOLIDAY_CALENDAR_FILE ${file}: ${(err as Error).message}`);
  }
  return parseHolidayCalendar(json, `HOLIDAY_CALENDAR_FILE ${file}`);
}

export async function startSubgraph(env: Record<string, string | undefined>, opts: StartOptions = {}): Promise<RunningSubgraph> {
  const config = loadEnterpriseConfig(env);
  const logger = opts.logger ?? createLogger({ name, level: config.logLevel });
  const calendar = readHolidayCalendar(config.holidayCalendarFile);
  const year = Number(todayCST((opts.now ?? (() => new Date()))()).slice(0, 4));
  const missing = [year, year + 1].filter((y) => !coversYear(calendar, y));
  if (missing.length > 0) {
    logger.warn({ file: config.holidayCalendarFile, missing }, 'the holiday calendar lacks these years: Monday to Friday count as working days there');
  }
  const provisional = [year, year + 1].filter((y) => calendar.years.get(y) === 'provisional');
  if (provisional.length > 0) {
    logger.warn({ file: config.holidayCalendarFile, provisional }, 'the holiday calendar is provisional for these years: replace it with the published schedule');
  }
  if (config.provider === 'sqlite') mkdirSync(config.dataDir, { recursive: true });
  const db = await openEnterpriseDb(config.provider, config.databaseUrl, opts.onQuery);
  const app = createServer({ db, logger, config, calendar, now: opts.now });
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
  running.app.log.info({ url: running.url }, 'enterprise subgraph listening');
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
