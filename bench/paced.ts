import { Agent, request } from 'node:http';
import type { Workload } from './workloads.ts';
import { responseChecker, type Tally } from './tally.ts';

export interface PacedOptions {
  url: string;
  workload: Pick<Workload, 'next' | 'check'>;
  /** Sockets at most (kept alive); a request due while all are busy waits for one. */
  connections: number;
  offeredRps: number;
  checkEvery: number;
}

/**
 * An open loop at `o.offeredRps`: request i is due at start + i / rate whatever became of the ones
 * before it, sent on one of up to `o.connections` keep-alive sockets (it waits for one when all are
 * busy), and its latency runs from when it was due, so a stall counts against every request it held
 * up (no coordinated omission). autocannon's own rate limit is no substitute: each connection sends
 * its share of a second back to back at the start of the second, a burst at saturation speed.
 *
 * Requests go out on a 1 ms timer, so one leaves up to a tick after it was due and that wait counts
 * in its latency, for every gateway alike (measured on the bench machine: 0.8 ms at the median,
 * 2 ms at p99 of 1,000 requests/s).
 */
export async function firePaced(o: PacedOptions, seconds: number, tally: Tally): Promise<void> {
  const rate = o.offeredRps;
  const responses = responseChecker(o, tally);
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const inFlight = new Set<Promise<void>>();
  const send = (due: number) => new Promise<void>((resolve) => {
    const next = o.workload.next();
    const req = request(o.url, { method: 'POST', agent, headers: { ...next.headers, 'content-length': Buffer.byteLength(next.body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        tally.latencies.push(performance.now() - due);
        responses.check(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
        resolve();
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', (err) => { tally.socketErrors++; responses.sample(`socket: ${err.message}`); resolve(); });
    req.end(next.body);
  });
  const start = performance.now();
  const total = Math.floor(seconds * rate);
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; sent < due; sent++) {
      const p = send(start + (sent * 1000) / rate);
      inFlight.add(p);
      void p.then(() => inFlight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
}

