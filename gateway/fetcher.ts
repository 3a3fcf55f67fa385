/**
 * Subgraph HTTP client: keep-alive pooled `undici` connections (the default fetcher opens far
 * more connections). SUBGRAPH_TIMEOUT_MS bounds the wait for the answer's headers and any silence
 * within its body (undici's own timers, no AbortSignal timer per call). The caller header is signed
 * before this, where the body is made (server.ts, `SubgraphDataSource`).
 */
import { Agent, request } from 'undici';
import { GraphQLError } from 'graphql';

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface MinimalResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export function createSubgraphFetcher(opts: { timeoutMs: number; connections?: number }) {
  const agent = new Agent({
    connections: opts.connections ?? 64,
    keepAliveTimeout: 30_000,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    connect: { timeout: Math.min(opts.timeoutMs, 5_000) },
  });
  /** The fetcher of one subgraph: a failure to reach it is SUBGRAPH_UNAVAILABLE naming it. */
  const forService = (serviceName: string) => async (url: string, init: FetchInit = {}): Promise<MinimalResponse> => {
    try {
      return await fetcher(url, init);
    } catch (err) {
      const reason = (err as { code?: string; name?: string }).code ?? (err as { name?: string }).name ?? 'error';
      throw new GraphQLError(`The ${serviceName} subgraph did not answer (${reason}).`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName },
      });
    }
  };
  const fetcher = async (url: string, init: FetchInit = {}): Promise<MinimalResponse> => {
    const res = await request(url, {
      method: (init.method ?? 'POST') as 'POST',
      headers: init.headers,
      body: init.body ?? '',
      dispatcher: agent,
    });
    const text = await res.body.text();
    const h = res.headers;
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      statusText: String(res.statusCode),
      url,
      headers: { get: (name) => { const v = h[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; } },
      text: async () => text,
      json: async () => JSON.parse(text),
    };
  };
  return { forService, close: () => agent.close() };
}
