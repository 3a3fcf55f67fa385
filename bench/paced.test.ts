/**
 * The paced generator offers its rate whatever the server does, and a stall shows in the latency of
 * every request that fell due during it, not only of those the stall caught in flight (a closed
 * loop would send nothing while stalled and miss the rest: coordinated omission).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { firePaced } from './paced.ts';
import { newTally } from './tally.ts';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  server = null;
});

/** A GraphQL-ish server that holds its event loop for `stallMs` at request `stallAt` and answers request `errorAt` with errors. */
async function serve(o: { stallAt: number; stallMs: number; errorAt: number }): Promise<{ url: string; served: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      if (n === o.stallAt) for (const until = performance.now() + o.stallMs; performance.now() < until;);
      res.setHeader('content-type', 'application/json');
      res.end(n === o.errorAt ? '{"errors":[{"message":"no"}]}' : '{"data":{"ok":true}}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, served: () => n };
}

const workload = { next: () => ({ body: '{"query":"{ ok }"}', headers: { 'content-type': 'application/json' } }), check: () => null };

describe('firePaced', () => {
  it('sends rate × seconds requests and charges a stall to every request due during it', async () => {
    const { url, served } = await serve({ stallAt: 40, stallMs: 150, errorAt: 0 });
    const tally = newTally();
    await firePaced({ url, workload, connections: 4, offeredRps: 200, checkEvery: 10 }, 1, tally);
    expect(served()).toBe(200);
    expect(tally.latencies).toHaveLength(200);
    // ~30 requests fall due during 150 ms at 200/s; a closed loop of 4 connections would have had
    // at most 4 in flight to see it.
    expect(tally.latencies.filter((ms) => ms > 50).length).toBeGreaterThanOrEqual(15);
    expect(tally.checked).toBe(20);
    expect(tally.non2xx + tally.graphqlErrors + tally.socketErrors + tally.invalid).toBe(0);
  });

  it('tallies a body with GraphQL errors', async () => {
    const { url } = await serve({ stallAt: 0, stallMs: 0, errorAt: 3 });
    const tally = newTally();
    await firePaced({ url, workload, connections: 2, offeredRps: 50, checkEvery: 1 }, 0.2, tally);
    expect(tally.graphqlErrors).toBe(1);
    expect([...tally.samples]).toEqual(['{"errors":[{"message":"no"}]}']);
  });
});
