/**
 * OpenTelemetry traces through the running stack: with OTEL_EXPORTER_OTLP_ENDPOINT naming a small
 * OTLP/HTTP receiver on loopback, one request carrying a W3C `traceparent` yields one trace across
 * the gateway and the subgraphs it calls, each subgraph's span a child of the gateway's fetch.
 * (Without the variable nothing is sent: tests/no-outbound.test.ts.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

interface ReceivedSpan { service: string; traceId: string; spanId: string; parentSpanId: string; name: string; links: { traceId: string; spanId: string }[] }

const spans: ReceivedSpan[] = [];
let receiver: Server;
let stack: Stack | undefined;
const hex = (id: string | undefined) => (!id ? '' : /^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex'));

/** An OTLP/HTTP (JSON) traces endpoint that keeps what it is sent. */
function startReceiver(): Promise<string> {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const doc = JSON.parse(body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: (Omit<ReceivedSpan, 'service' | 'links'> & { links?: { traceId: string; spanId: string }[] })[] }[] }[] };
        for (const rs of doc.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
          for (const ss of rs.scopeSpans) for (const s of ss.spans) {
            spans.push({
              service, name: s.name, traceId: hex(s.traceId), spanId: hex(s.spanId), parentSpanId: hex(s.parentSpanId),
              links: (s.links ?? []).map((l) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId) })),
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`)));
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const PERSON_TRACE_ID = '5cf92f3577b34da6a3ce929d0e0e4737';

beforeAll(async () => {
  const endpoint = await startReceiver();
  stack = await startStack({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
});
afterAll(async () => {
  await stack?.close();
  await new Promise((r) => receiver.close(r));
});

describe('traces', () => {
  it('join the gateway and two subgraphs under the trace id of the incoming traceparent', async () => {
    const c = stack!.credentials;
    const res = await stack!.query('query Loans($u: ID!) { enterprise(uscc: $u) { name creditEasyLoans { amount } } }', {
      variables: { u: c.enterprises[0]!.uscc }, operationName: 'Loans',
      headers: { ...apiKey(c.institutions.FINANCIAL.apiKey), traceparent: `00-${TRACE_ID}-${PARENT}-01` },
    });
    expect(res.body.errors).toBeUndefined();
    // A person reading their own record: the disclosure is logged (SELF) in a group commit.
    const p = c.persons[0]!;
    const own = await stack!.query('query($id: String!) { person(idNumber: $id) { name } }', {
      variables: { id: p.idNumber }, headers: { ...bearer(p.token), traceparent: `00-${PERSON_TRACE_ID}-${PARENT}-01` },
    });
    expect(own.body.errors).toBeUndefined();
    // Closing the stack shuts every provider down, which exports what each still buffers.
    await stack!.close();
    stack = undefined;

    const trace = spans.filter((s) => s.traceId === TRACE_ID);
    const byService = (service: string) => trace.filter((s) => s.service === service).map((s) => s.name);
    const root = trace.find((s) => s.service === 'gateway' && s.name === 'POST /graphql');
    expect(root?.parentSpanId).toBe(PARENT);
    expect(byService('gateway')).toEqual(expect.arrayContaining(['POST /graphql', 'graphql.parse', 'graphql.validate', 'gateway.plan', 'gateway.fetch']));
    expect(byService('enterprise')).toEqual(expect.arrayContaining(['subgraph enterprise', 'resolve Query.enterprise']));
    expect(byService('finance')).toEqual(expect.arrayContaining(['subgraph finance', 'resolve Enterprise.__resolveReference']));
    // Each subgraph's server span is the child of a gateway.fetch span: the header carried it.
    const fetches = new Set(trace.filter((s) => s.name === 'gateway.fetch').map((s) => s.spanId));
    for (const name of ['subgraph enterprise', 'subgraph finance']) {
      expect(fetches.has(trace.find((s) => s.name === name)!.parentSpanId)).toBe(true);
    }
    // The access-log commit serves a batch of requests: a span of its own, in the person subgraph.
    const commits = spans.filter((s) => s.service === 'person' && s.name === 'access-log.commit');
    expect(commits.length).toBeGreaterThanOrEqual(1);
    // …linked to the person subgraph's span of the request whose disclosure it made durable.
    const personSpans = new Set(spans.filter((s) => s.service === 'person' && s.traceId === PERSON_TRACE_ID).map((s) => s.spanId));
    const linked = commits.flatMap((c) => c.links).filter((l) => l.traceId === PERSON_TRACE_ID);
    expect(linked.length).toBeGreaterThanOrEqual(1);
    for (const l of linked) expect(personSpans.has(l.spanId)).toBe(true);
  });
});
