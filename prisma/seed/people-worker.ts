/**
 * The second core's share of a large seed: the person and social-organisation databases, loaded in
 * a worker thread while the main thread loads enterprises. Loads, rebuilds indexes, reports
 * `prepared`, then commits or rolls back when the main thread says so (so no database commits
 * before all of them are ready).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DatabaseProvider, SubgraphName } from '../../lib/config.ts';
import { openWriter, type BulkWriter } from './bulk-writer.ts';
import { loadPersons, loadSocialOrgs, type SeedSecrets } from './load.ts';
import { makePlan } from './synthetic/plan.ts';
import { tablesOf } from './tables.ts';

export interface PeopleWorkerData {
  provider: DatabaseProvider;
  urls: Record<SubgraphName, string>;
  plan: { enterprises: number; persons: number; socialOrgs: number; today: string; now: string };
  secrets: SeedSecrets;
  reset: boolean;
}

export type FromWorker =
  | { type: 'count'; entities: number; rows: number }
  | { type: 'prepared' }
  | { type: 'committed' }
  | { type: 'failed'; message: string; stack?: string };

export type ToWorker = { type: 'commit' } | { type: 'rollback' };

async function run(port: NonNullable<typeof parentPort>, data: PeopleWorkerData): Promise<void> {
  const post = (m: FromWorker) => port.postMessage(m);
  const plan = makePlan({ ...data.plan, now: new Date(data.plan.now) });
  const writers: BulkWriter[] = [];
  // A rollback may come at any time (the main thread failed): the next chunk stops the load.
  let decide: (m: ToWorker) => void = () => undefined;
  let rolledBack = false;
  const decision = new Promise<ToWorker>((resolve) => { decide = resolve; });
  port.on('message', (m: ToWorker) => {
    if (m.type === 'rollback') rolledBack = true;
    decide(m);
  });
  const onCount = (entities: number) => {
    if (rolledBack) throw new Error('rolled back by the main thread');
    post({ type: 'count', entities, rows: writers.reduce((sum, w) => sum + w.rows, 0) });
  };
  try {
    const person = await openWriter({ provider: data.provider, url: data.urls.person, tables: tablesOf('person'), reset: data.reset });
    writers.push(person);
    const socialOrg = await openWriter({ provider: data.provider, url: data.urls['social-org'], tables: tablesOf('social-org'), reset: data.reset });
    writers.push(socialOrg);
    await loadPersons(plan, data.secrets, person, onCount);
    await loadSocialOrgs(plan, socialOrg, onCount);
    onCount(0);
    for (const w of writers) await w.prepare();
    post({ type: 'prepared' });
    if ((await decision).type !== 'commit') throw new Error('rolled back by the main thread');
    for (const w of writers) await w.commit();
    post({ type: 'committed' });
  } catch (err) {
    for (const w of writers) await w.rollback().catch(() => undefined);
    const e = err as Error;
    post({ type: 'failed', message: e.message, stack: e.stack });
  } finally {
    port.close();
  }
}

if (parentPort) void run(parentPort, workerData as PeopleWorkerData);
