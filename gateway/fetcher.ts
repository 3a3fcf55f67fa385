/**
 * Subgraph HTTP client: keep-alive pooled `undici` connections (the default fetcher opens far
 * more connections), a per-call timeout, and the caller header signed over the exact body sent.
 * `willSendRequest` leaves the unsigned caller in an internal header; it is signed here, where the
 * body is final, and never leaves the process unsigned.
 */
import { Agent, request } from 'undici';
import { GraphQLError } from 'graphql';
import { CALLER_HEADER, signCaller, type Caller } from '../lib/caller.ts';

export const INTERNAL_CALLER_HEADER = 'x-creditgraph-internal-caller';

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

export function createSubgraphFetcher(opts: { secret: string; timeoutMs: number; connections?: number }) {
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
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const body = init.body ?? '';
    const internal = headers[INTERNAL_CALLER_HEADER];
    delete headers[INTERNAL_CALLER_HEADER];
    if (internal) headers[CALLER_HEADER] = signCaller(JSON.parse(Buffer.from(internal, 'base64url').toString('utf8')) as Caller, body, opts.secret);
    const res = await request(url, {
      method: (init.method ?? 'POST') as 'POST',
      headers,
      body,
      dispatcher: agent,
      signal: AbortSignal.timeout(opts.timeoutMs),
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
