/**
 * The dispatcher process for bench/monitoring-serving.ts (`--dispatcher process`): the product's
 * own entry (subgraphs/platform/monitoring/dispatch-main.ts), announced to the bench as its services are.
 */
import { startDispatchProcess } from '../subgraphs/platform/monitoring/dispatch-main.ts';
import { announce, stopOnSignal } from './processes.ts';

const running = await startDispatchProcess(process.env);
stopOnSignal(() => running.stop());
announce({ name: 'dispatcher' });
