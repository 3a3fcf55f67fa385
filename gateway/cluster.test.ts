/**
 * The channel between a gateway's workers and its primary (gateway/cluster.ts), over in-memory
 * transports: what one turn of a worker's event loop asks goes as one message, and the primary
 * acts on it in the order it was asked.
 */
import { describe, expect, it } from '@jest/globals';
import { createLogger } from '../lib/logger.ts';
import { RateLimiter } from './metering/rate-limit.ts';
import { rateLimitHandlers } from './metering/rate-limit-cluster.ts';
import { createWorkerChannel, servePrimary, type Batch, type PrimaryHandlers } from './cluster.ts';

const logger = createLogger({ name: 'cluster-test', level: 'silent' });

/** A worker's channel wired to a primary serving `handlers`; counts the messages each way. */
function wired(handlers: PrimaryHandlers, o: { failSend?: Error } = {}) {
  const sent = { toPrimary: [] as Batch<unknown>[], toWorker: [] as Batch<unknown>[] };
  let toPrimary: (m: unknown) => void = () => {};
  let toWorker: (m: unknown) => void = () => {};
  servePrimary({
    send: (m) => { sent.toWorker.push(m); queueMicrotask(() => toWorker(structuredClone(m))); },
    onMessage: (l) => { toPrimary = l; },
  }, handlers, logger);
  const channel = createWorkerChannel({
    send: (m, callback) => {
      if (o.failSend) { queueMicrotask(() => callback(o.failSend!)); return; }
      sent.toPrimary.push(m);
      queueMicrotask(() => { toPrimary(structuredClone(m)); callback(null); });
    },
    onMessage: (l) => { toWorker = l; },
  });
  return { channel, sent };
}

describe('the workers\' channel to the primary', () => {
  it('sends the calls and notes of one turn as one message, and gets their answers in one', async () => {
    let noted = 0;
    const { channel, sent } = wired({ note: () => { noted++; }, read: () => noted });
    const answers = Promise.all([channel.call('read', []), channel.call('read', [])]);
    channel.note('note', []);
    const later = channel.call<number>('read', []);
    expect(await answers).toEqual([0, 0]);
    // The note was made before the third read: the primary ran it first.
    expect(await later).toBe(1);
    expect(sent.toPrimary.map((b) => b.items.length)).toEqual([4]);
    expect(sent.toWorker.map((b) => b.items.length)).toEqual([3]);
  });

  it('spends one bucket exactly when a burst of takes arrives in one message', async () => {
    const { channel, sent } = wired(rateLimitHandlers(new RateLimiter()));
    const takes = await Promise.all(Array.from({ length: 6 }, () => channel.call<{ allowed: boolean; remaining: number }>('rateLimit.take', ['k', 1, 4])));
    expect(takes.map((t) => [t.allowed, t.remaining])).toEqual([[true, 3], [true, 2], [true, 1], [true, 0], [false, 0], [false, 0]]);
    expect(sent.toPrimary).toHaveLength(1);
  });

  it('sends a later turn\'s calls as a message of their own', async () => {
    const { channel, sent } = wired({ echo: (x: number) => x });
    expect(await channel.call('echo', [1])).toBe(1);
    expect(await Promise.all([channel.call('echo', [2]), channel.call('echo', [3])])).toEqual([2, 3]);
    expect(sent.toPrimary.map((b) => b.items.length)).toEqual([1, 2]);
  });

  it('refuses a call to a method the primary does not have, and passes on a handler\'s failure', async () => {
    const { channel } = wired({ fail: () => { throw new Error('no store'); }, failLater: () => Promise.reject(new Error('later')) });
    await expect(channel.call('missing', [])).rejects.toThrow('primary: no method missing');
    await expect(channel.call('fail', [])).rejects.toThrow('primary: no store');
    await expect(channel.call('failLater', [])).rejects.toThrow('primary: later');
  });

  it('rejects every call of a message that could not be sent (the primary is gone)', async () => {
    const { channel } = wired({ echo: (x: number) => x }, { failSend: new Error('channel closed') });
    const calls = [channel.call('echo', [1]), channel.call('echo', [2])];
    channel.note('echo', [3]);
    await expect(Promise.all(calls.map((c) => c.then(() => 'answered', (e: Error) => e.message)))).resolves.toEqual(['channel closed', 'channel closed']);
  });
});
