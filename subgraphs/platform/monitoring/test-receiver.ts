/**
 * Test support: a webhook receiver on loopback (port 0) that verifies every request with the
 * published `standardwebhooks` package (an implementation of the specification independent of
 * ours), and can be down (503), slow, or answer as told.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received { id: string; body: unknown; verified: boolean; headers: Record<string, string> }

export interface Receiver {
  url: string;
  /** Every request, in arrival order. */
  requests: Received[];
  /** The distinct webhook-ids answered 2xx. */
  accepted: Set<string>;
  /** The secret `verified` checks against (set it after registering). */
  secret: string | null;
  /** 0: answer 204; otherwise this status. */
  failWith: number;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  /** Resolves once `accepted` holds `n` ids. */
  waitForAccepted(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const waiters: { n: number; resolve(): void }[] = [];
  const receiver: Receiver = {
    url: '', requests: [], accepted: new Set(), secret: null, failWith: 0, delayMs: 0,
    waitForAccepted(n, timeoutMs = 20_000) {
      if (receiver.accepted.size >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver: ${receiver.accepted.size} of ${n} accepted after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified = false;
      try {
        if (receiver.secret) { new Webhook(receiver.secret).verify(text, headers); verified = true; }
      } catch { verified = false; }
      const id = headers['webhook-id'] ?? '';
      const status = receiver.failWith || 204;
      setTimeout(() => {
        receiver.requests.push({ id, body: JSON.parse(text || 'null'), verified, headers });
        if (status < 300) receiver.accepted.add(id);
        res.writeHead(status).end();
        for (const w of [...waiters]) if (receiver.accepted.size >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
      }, receiver.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
