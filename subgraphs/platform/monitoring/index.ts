/**
 * Monitoring in the platform subgraph (issue 14, docs/monitoring.md): the matcher follows the
 * enterprise change log from its own durable cursor and writes feeds and webhook messages; the
 * dispatcher sends the messages. Both run in the platform process, started by its `setup` and
 * stopped before its database closes.
 */
import type { Catalogue } from '../../../lib/catalogue/index.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { MonitoringConfig, PlatformConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import { readCursor } from '../db/feed.ts';
import { startDispatcher, type Dispatcher } from './dispatcher.ts';
import { CONSUMER, matchEvents, type LogEvent } from './matcher.ts';

/** What the resolvers need of monitoring. */
export interface Monitoring {
  config: MonitoringConfig;
  /** The catalogue whose disclosure attributes decide who hears of which records (disclosure.ts). */
  catalogue: Catalogue;
  production: boolean;
  /** Tell the dispatcher the outbox changed (a replay). */
  wake(): void;
}

/** The change-log follower's shape (lib/change-feed.ts `followChangeLog`). */
export type Follow = (opts: {
  url: string; callerSecret: string; consumer: string; after: number; logger: Logger;
  onEvents(events: LogEvent[]): Promise<void>;
}) => { stop(): Promise<void> };

export async function startMonitoring(args: {
  config: Readonly<PlatformConfig>; db: Db; logger: Logger; clock: () => Date; follow: Follow | null; catalogue: Catalogue;
}): Promise<Monitoring & { stop(): Promise<void> }> {
  const { config, db, clock } = args;
  const logger = args.logger.child({ component: 'monitoring' });
  const m = config.monitoring;
  const dispatcher: Dispatcher | null = m.dispatch
    ? await startDispatcher({ db, config: m, production: config.production, logger, clock, catalogue: args.catalogue })
    : null;
  const follower = m.changeLogUrl && args.follow
    ? args.follow({
      url: m.changeLogUrl, callerSecret: config.callerSecret, consumer: CONSUMER, logger,
      after: await readCursor(db, CONSUMER),
      async onEvents(events) {
        const matched = await matchEvents(db, events, clock(), m.retryWindowMs);
        if (matched.messages > 0) dispatcher?.wake();
      },
    })
    : null;
  return {
    config: m,
    catalogue: args.catalogue,
    production: config.production,
    wake: () => dispatcher?.wake(),
    async stop() {
      await follower?.stop();
      await dispatcher?.stop();
    },
  };
}
