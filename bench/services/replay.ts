/**
 * `--stub-subgraphs`: one loopback port per subgraph in front of the real one. The first request
 * with a given GraphQL document is forwarded (headers and body as sent, so signed calls verify) and
 * its answer kept; later requests with that document get the kept answer at once, whatever their
 * variables. Once a gateway is warmed up, the subgraphs cost next to nothing and what is measured
 * is the gateway itself. (Entity answers then name another subject than asked: the shapes, sizes
 * and the work of the gateway are the same; the bench sends every gateway the same first request
 * of a workload alone before the others, so every gateway is answered with the same subject.)
 *
 * `tsx bench/services/replay.ts <name>=<upstream url> …` announces `{ urls: { name: url } }`;
 * `GET /calls` on any of its ports answers the calls per subgraph so far.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { announce, stopOnSignal } from '../processes.ts';

const FORWARDED = ['content-type', 'x-creditgraph-caller'];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const calls: Record<string, number> = {};

function proxy(name: string, upstream: string) {
  const kept = new Map<string, Buffer>();
  calls[name] = 0;
  return async (req: IncomingMessage, res: ServerResponse) => {
    calls[name]!++;
    const body = await readBody(req);
    let key: string;
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { query?: string; operationName?: string };
      key = `${parsed.operationName ?? ''}\n${parsed.query ?? ''}`;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const hit = kept.get(key);
    if (hit) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': hit.length });
      res.end(hit);
      return;
    }
    const headers: Record<string, string> = {};
    for (const h of FORWARDED) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const up = await request(upstream, { method: 'POST', headers, body });
    const answer = Buffer.from(await up.body.arrayBuffer());
    // The first answer is kept: the bench primes each gateway and workload with the same first subject.
    if (up.statusCode === 200 && !answer.includes('"errors":') && !kept.has(key)) kept.set(key, answer);
    res.writeHead(up.statusCode, { 'content-type': 'application/json', 'content-length': answer.length });
    res.end(answer);
  };
}

async function main(): Promise<void> {
  const urls: Record<string, string> = {};
  const servers = await Promise.all(process.argv.slice(2).map(async (arg) => {
    const eq = arg.indexOf('=');
    const name = arg.slice(0, eq);
    const handle = proxy(name, arg.slice(eq + 1));
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      if (req.url === '/calls') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(calls));
        return;
      }
      handle(req, res).catch(() => { if (!res.headersSent) res.writeHead(502); res.end(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    return server;
  }));
  stopOnSignal(async () => {
    for (const s of servers) { s.closeAllConnections(); s.close(); }
  });
  announce({ urls });
}

main().catch((err) => { console.error(err); process.exit(1); });
