/**
 * Monitoring in the platform subgraph (issue 14, docs/monitoring.md): the matcher follows the
 * enterprise, the person and the social-org change logs, each from its own durable cursor and writes feeds and webhook messages; the
 * dispatcher sends the messages. Both run in the platform process, started by its `setup` and
 * stopped before its database closes.
 */
import type { Catalogue } from '../../../lib/catalogue/index.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { MonitoringConfig, PlatformConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import { readCursor } from '../db/feed.ts';
import { startDispatcher, type Dispatcher } from './dispatcher.ts';
import { CONSUMER, matchEvents, PERSON_CONSUMER, SOCIAL_ORG_CONSUMER, type LogEvent } from './matcher.ts';
import { personDirectory, type PersonDirectory } from './persons.ts';

/** What the resolvers need of monitoring. */
export interface Monitoring {
  config: MonitoringConfig;
  /** The catalogue whose disclosure attributes decide who hears of which records (disclosure.ts). */
  catalogue: Catalogue;
  production: boolean;
  /** The person subgraph's answers at watch and at delivery (persons.ts). */
  persons: PersonDirectory;
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
  const persons = personDirectory(m.personUrl, config.callerSecret);
  const dispatcher: Dispatcher | null = m.dispatch
    ? await startDispatcher({ db, config: m, production: config.production, logger, clock, catalogue: args.catalogue, persons })
    : null;
  // One follower per change log (issue 14: the person subgraph's too; issue 13: the social-org
  // subgraph's), each from its own cursor.
  const logs = [[m.changeLogUrl, CONSUMER], [m.personUrl, PERSON_CONSUMER], [m.socialOrgUrl, SOCIAL_ORG_CONSUMER]] as const;
  const followers: { stop(): Promise<void> }[] = [];
  for (const [url, consumer] of logs) {
    if (!url || !args.follow) continue;
    followers.push(args.follow({
      url, callerSecret: config.callerSecret, consumer, logger,
      after: await readCursor(db, consumer),
      async onEvents(events) {
        const matched = await matchEvents(db, events, clock(), m.retryWindowMs, consumer);
        if (matched.messages > 0) dispatcher?.wake();
      },
    }));
  }
  return {
    config: m,
    catalogue: args.catalogue,
    production: config.production,
    persons,
    wake: () => dispatcher?.wake(),
    async stop() {
      await Promise.all(followers.map((f) => f.stop()));
      await dispatcher?.stop();
    },
  };
}
