/**
 * `GET /reports/<number>.pdf` and `GET /reports/<number>.json`: a stored credit report for whoever
 * may read it through GraphQL (`creditReport` for E/S numbers, the person's `myCreditReport` for P
 * numbers), asked through the gateway's own executor as the authenticated caller, so the field
 * rules, the owners' per-record checks and the caller header are exactly those of `/graphql`.
 *
 * `.json` is the envelope `{ report, digest, signature }` (examples/verify-report.mjs checks it
 * offline against /.well-known/jwks.json); `.pdf` is drawn here from that JSON (deterministic: the
 * same report, the same bytes). Never cacheable: a report is for its reader only.
 */
import type { ServerResponse } from 'node:http';
import { CreditGraphError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { ReportEnvelope } from '../lib/reports/document.ts';
import { authenticate, type Authenticated } from './authenticate.ts';
import type { GraphqlRouteDeps } from './http/graphql.ts';
import { clientIpOf } from './http/client-ip.ts';
import { answer, HttpRefusal, presetHeader, refusal, writeHead } from './http/respond.ts';
import { route, type Route } from './http/routes.ts';
import { noUsage } from './metering/operation-usage.ts';
import type { GatewayContext } from './server.ts';

const NUMBER = /^[ESP]\d{16}$/;

/** The field that serves a number, by its first letter: the person's own reports live with the person. */
const FIELDS = { E: 'creditReport', S: 'creditReport', P: 'myCreditReport' } as const;

interface Stored { json: string; digest: string; signature: string }

export type ReportsRouteDeps = Pick<GraphqlRouteDeps, 'apollo' | 'keys' | 'verifyToken' | 'trustProxyHops' | 'admit' | 'onResponse'> & { logger: Logger };

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const text = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  writeHead(res, status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * The route: authenticated and admitted exactly as `/graphql` is (the same authenticate, the same
 * admission with its rate limit and quota, the same metering of refusals), then served.
 */
export function reportsRoute(deps: ReportsRouteDeps): Route {
  return route('GET', '/reports/:file', async (req, res, { params, requestId, startedAt }) => {
    const dot = params.file!.lastIndexOf('.');
    const number = params.file!.slice(0, dot);
    const format = params.file!.slice(dot + 1);
    if (dot < 0 || !NUMBER.test(number) || (format !== 'pdf' && format !== 'json')) {
      throw new HttpRefusal(404, 'Not found: reports are at GET /reports/<number>.pdf or .json.');
    }
    const clientIp = clientIpOf(req, deps.trustProxyHops);
    let auth: Authenticated | null = null;
    let admitted: Record<string, string> = {};
    try {
      auth = await authenticate(req.headers, { keys: deps.keys, verifyToken: deps.verifyToken });
      if (deps.admit) admitted = await deps.admit(auth, clientIp, requestId);
    } catch (err) {
      if (!(err instanceof CreditGraphError)) throw err;
      const refused = refusal(err);
      deps.onResponse?.({ auth, context: null, requestId, status: refused.status, startedAt, clientIp, refused: true });
      answer(res, refused);
      return;
    }
    for (const [k, v] of Object.entries(admitted)) presetHeader(res, k as Lowercase<string>, v);
    await serve(deps, res, auth, number, format, clientIp, requestId);
    deps.onResponse?.({ auth, context: null, requestId, status: res.statusCode, startedAt, clientIp, refused: res.statusCode >= 400 });
  });
}

/**
 * The PDF drawing code (pdfkit, fontkit, brotli, qrcode, the embedded fonts: ~0.4 s of CPU to load)
 * is loaded on the first PDF asked for, not by every gateway worker at start for an answer few
 * callers ask for. Node keeps the module once loaded.
 */
const pdfRenderer = () => import('../lib/reports/pdf.ts');

async function serve(deps: ReportsRouteDeps, res: ServerResponse, auth: Authenticated, number: string, format: 'pdf' | 'json', clientIp: string, requestId: string): Promise<void> {
  if (auth.principal.kind === 'ANONYMOUS') {
    presetHeader(res, 'www-authenticate', 'Bearer');
    sendError(res, 401, 'UNAUTHENTICATED', 'A credit report is served to its issuer, its subject and operators: present a key or token.');
    return;
  }
  const field = FIELDS[number[0] as keyof typeof FIELDS];
  const contextValue: GatewayContext = {
    principal: auth.principal, plan: auth.plan, clientIp,
    caller: { principal: auth.principal, purpose: auth.purpose, requestId },
    usage: noUsage(),
  };
  const response = await deps.apollo.executeOperation(
    { query: `query CreditReportDownload($n: String!) { report: ${field}(number: $n) { json digest signature } }`, variables: { n: number } },
    { contextValue },
  );
  if (response.body.kind !== 'single') throw new Error('a report download got an incremental response');
  const { data, errors } = response.body.singleResult;
  const stored = (data as { report?: Stored | null } | null | undefined)?.report;
  if (!stored) {
    const code = errors?.[0]?.extensions?.code;
    if (code === 'FORBIDDEN') { sendError(res, 403, 'FORBIDDEN', String(errors![0]!.message)); return; }
    deps.logger.error({ errors, requestId }, 'report download failed');
    sendError(res, code === 'SUBGRAPH_UNAVAILABLE' ? 503 : 500, String(code ?? 'INTERNAL_SERVER_ERROR'), 'The report could not be read.');
    return;
  }
  const envelope: ReportEnvelope = { report: JSON.parse(stored.json), digest: stored.digest, signature: stored.signature };
  const body = format === 'pdf' ? await (await pdfRenderer()).renderReportPdf(envelope) : Buffer.from(JSON.stringify(envelope, null, 2));
  writeHead(res, 200, {
    'content-type': format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8',
    'content-length': body.length,
    'content-disposition': `attachment; filename="${number}.${format}"`,
    'cache-control': 'no-store',
  });
  res.end(body);
}
