/**
 * What the workers' channel to the primary costs (gateway/cluster.ts), apart from HTTP and the
 * subgraphs: `npx tsx bench/ipc.ts [--requests N] [--concurrency 1,8,32]`. A primary with the
 * gateway's own rate-limit and usage handlers and one worker that plays requests: each one takes a
 * rate-limit token (a call) and notes its usage (a note), as a worker's request does, with
 * `concurrency` requests in flight. Prints the CPU each process spent per request and the IPC
 * messages per request each way. CPU time, not wall time: it moves far less with the machine's
 * other load. With concurrency 1 every take waits for the one before, so each batch holds about one
 * request's items (what every request cost before batching); with more in flight, the requests of
 * one turn share a message.
 * Each concurrency is played twice: the usage as a note, and as a call the request waits for (what
 * a request whose pulls a quota counts does since quotas are exact across workers: metering/index.ts).
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { createLogger } from '../lib/logger.ts';
import { callPrimary, notePrimary, startPrimary } from '../gateway/cluster.ts';
import { RateLimiter } from '../gateway/metering/rate-limit.ts';
import { rateLimitHandlers } from '../gateway/metering/rate-limit-cluster.ts';

interface Played { concurrency: number; requests: number; counted: boolean; workerCpuUs: number; messagesOut: number }

const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };

async function worker(): Promise<void> {
  // Counts the batches sent (each is one IPC message).
  let messages = 0;
  const send = process.send!.bind(process);
  process.send = ((...args: Parameters<typeof send>) => { messages++; return send(...args); }) as typeof process.send;
  process.on('message', async (m: { play?: { concurrency: number; requests: number; counted: boolean } }) => {
    if (!m?.play) return;
    const { concurrency, requests, counted } = m.play;
    const before = cpuUs();
    const sent0 = messages;
    let next = 0;
    const lane = async () => {
      while (next < requests) {
        const i = next++;
        await callPrimary('rateLimit.take', [`client-${i % 1000}`, 1_000_000, 1_000_000]);
        const usage = [{ institutionId: 'bench', archivePulls: 1, at: Date.now() }];
        if (counted) await callPrimary('usage.record', usage);
        else notePrimary('usage.record', usage);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    await callPrimary('usage.received', []);
    process.send!({ played: { concurrency, requests, counted, workerCpuUs: cpuUs() - before, messagesOut: messages - sent0 - 1 } satisfies Played });
  });
  process.send!({ ready: true });
}

async function primary(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '1,8,32' } } });
  const requests = Number(values.requests);
  const logger = createLogger({ name: 'ipc-bench', level: 'warn' });
  let noted = 0;
  let repliesOut = 0;
  const p = startPrimary({
    workers: 1, logger,
    handlers: { ...rateLimitHandlers(new RateLimiter()), 'usage.record': () => { noted++; }, 'usage.received': () => undefined },
  });
  const w = Object.values(cluster.workers!)[0]!;
  const send = w.send.bind(w);
  w.send = ((...args: Parameters<typeof send>) => { repliesOut++; return send(...args); }) as typeof w.send;
  const next = <T>(key: string) => new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => { if (m?.[key]) { w.off('message', on); resolve(m[key] as T); } };
    w.on('message', on);
  });
  await next('ready');
  console.log(`${requests.toLocaleString('en-US')} requests (a take + the usage each), one worker; CPU per request in µs`);
  console.log('concurrency  usage   primary µs/req  worker µs/req  messages/req to primary  to worker');
  for (const concurrency of values.concurrency.split(',').map(Number)) for (const counted of [false, true]) {
    const cpu0 = cpuUs();
    const replies0 = repliesOut;
    send({ play: { concurrency, requests, counted } });
    const r = await next<Played>('played');
    const primaryUs = cpuUs() - cpu0;
    console.log(`${String(concurrency).padStart(11)}  ${counted ? 'call' : 'note'}  ${(primaryUs / requests).toFixed(1).padStart(14)}  ${(r.workerCpuUs / requests).toFixed(1).padStart(13)}  ` +
      `${(r.messagesOut / requests).toFixed(2).padStart(23)}  ${((repliesOut - replies0 - 1) / requests).toFixed(2).padStart(9)}`);
  }
  if (noted === 0) throw new Error('no usage noted');
  await p.stop();
  process.exit(0);
}

(cluster.isPrimary ? primary() : worker()).catch((err) => { console.error(err); process.exit(1); });
