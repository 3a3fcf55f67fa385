/**
 * The bulk job runner for the bench (bench/ingest-serving.ts): `tsx bench/services/ingest-runner.ts`
 * with the enterprise subgraph's environment, as `npm start` runs collection/ingest-main.ts; it
 * announces itself to the bench and stops on SIGTERM. Its niceness is set by the bench.
 */
import { startIngestProcess } from '../../subgraphs/enterprise/collection/ingest-main.ts';
import { announce, stopOnSignal } from '../processes.ts';

const running = await startIngestProcess(process.env);
stopOnSignal(() => running.stop());
announce({ pid: process.pid });
