/**
 * The dispatcher as a process of its own (issue 14): `node --import tsx
 * subgraphs/platform/monitoring/dispatch-main.ts`, with the platform's environment, beside platform
 * subgraphs started with `MONITORING_DISPATCH=false`. Why: in the platform process the dispatcher
 * takes its CPU from the same cores as serving, at the same priority, so on a machine that serving
 * keeps busy a backlog of webhooks cuts the serving throughput by what delivery costs. As its own
 * process it can run at a lower priority (`nice -n 10 …`): the kernel then gives serving the CPU
 * first and the dispatcher what is left, and an idle machine still delivers at full speed.
 *
 * It is the same dispatcher on the same outbox: at-least-once, the same webhook-id on every retry,
 * the leases of a killed process released at start (kill -9 safe), the address checked at each
 * delivery, person events decided by the person subgraph (PERSON_URL). One dispatcher per platform
 * database: no platform process may dispatch beside it. The matcher cannot wake it across processes:
 * it looks at the outbox every 200 ms (the dispatcher's poll), which bounds the added latency.
 */
import { loadCatalogue } from '../../../lib/catalogue/index.ts';
import { createLogger } from '../../../lib/logger.ts';
import { runProcessWhenMain } from '../../../lib/main-module.ts';
import { openWith } from '../../../lib/subgraph.ts';
import { loadPlatformConfig } from '../config.ts';
import { clientModules } from '../db/client.ts';
import { startDispatcher } from './dispatcher.ts';
import { personDirectory } from './persons.ts';

export async function startDispatchProcess(env: Record<string, string | undefined>): Promise<{ stop(): Promise<void> }> {
  const config = loadPlatformConfig(env);
  const logger = createLogger({ name: 'platform-dispatcher', level: config.logLevel });
  const db = await openWith(clientModules)(config);
  try {
    const dispatcher = await startDispatcher({
      db, config: config.monitoring, production: config.production, logger, clock: () => new Date(),
      catalogue: loadCatalogue(config.catalogueFile), persons: personDirectory(config.monitoring.personUrl, config.callerSecret),
    });
    logger.info('dispatcher started');
    return {
      async stop() {
        await dispatcher.stop();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

runProcessWhenMain(import.meta.url, startDispatchProcess);
