/**
 * `ingest file|status|rejected`: a source department's bulk load through the gateway's
 * POST /ingest/<item> (the file streamed from disk, never read whole), its job followed to the end,
 * and the rejected rows saved as CSV. Credentials: --key (an institution's API key) or --token (an
 * operator's bearer token); without either, the demo source department's key from
 * $DATA_DIR/demo-credentials.json.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError, parseCommand, required, usageError, type CliContext, type Command } from './command.ts';

const JOB = `query($id: ID!) { ingestJob(id: $id) { id item department status format encoding submitted accepted updated unchanged rejected error } }`;

interface Job {
  id: string; item: string; department: string; status: string; format: string; encoding: string;
  submitted: number; accepted: number; updated: number; unchanged: number; rejected: number; error: string | null;
}

const common = { gateway: { type: 'string' }, key: { type: 'string' }, token: { type: 'string' } } as const;

/** The gateway's base URL and the credential headers to send. */
async function connection(ctx: CliContext, values: { gateway?: string; key?: string; token?: string }): Promise<{ base: string; headers: Record<string, string> }> {
  const base = (values.gateway ?? `http://127.0.0.1:${ctx.env.PORT ?? 4000}`).replace(/\/(graphql)?$/, '');
  if (values.key && values.token) throw usageError('give --key or --token, not both');
  if (values.key) return { base, headers: { 'x-api-key': values.key } };
  if (values.token) return { base, headers: { authorization: `Bearer ${values.token}` } };
  const file = join(await ctx.dataDir(), 'demo-credentials.json');
  const key = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { institutions?: { SOURCE_DEPARTMENT?: { apiKey?: string } } }).institutions?.SOURCE_DEPARTMENT?.apiKey : undefined;
  if (!key) throw usageError('give --key or --token (no demo source department in DATA_DIR)');
  ctx.err('using the demo source department\'s key from demo-credentials.json');
  return { base, headers: { 'x-api-key': key } };
}

async function fetchJob(base: string, headers: Record<string, string>, id: string): Promise<Job> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: JOB, variables: { id } }),
  });
  const body = (await res.json()) as { data?: { ingestJob: Job | null }; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new CliError(`ingestJob: ${body.errors.map((e) => e.message).join('; ')}`);
  if (!body.data?.ingestJob) throw new CliError(`no ingest job ${id}`);
  return body.data.ingestJob;
}

const summary = (j: Job) =>
  `job ${j.id} ${j.status}: ${j.submitted} rows, ${j.accepted} accepted, ${j.updated} updated, ${j.unchanged} unchanged, ${j.rejected} rejected` +
  (j.error ? ` (${j.error})` : '');

async function saveRejected(base: string, headers: Record<string, string>, id: string, out: string): Promise<void> {
  const res = await fetch(`${base}/ingest/jobs/${id}/rejected.csv`, { headers });
  if (!res.ok || !res.body) throw new CliError(`rejected rows of job ${id}: HTTP ${res.status}`);
  await pipeline(Readable.fromWeb(res.body as never), createWriteStream(out));
}

const file: Command = {
  usage: 'ingest file <path> --item CODE [--department D] [--format csv|ndjson] [--encoding utf-8|gb18030] [--gateway URL] [--key K | --token T] [--rejected OUT.csv] [--no-wait]',
  summary: 'load a CSV or NDJSON file of catalogue item CODE through POST /ingest/<item>, follow the job, save the rejected rows',
  async run(ctx, args) {
    const { values, positionals } = parseCommand(file, args, {
      ...common, item: { type: 'string' }, department: { type: 'string' }, format: { type: 'string' }, encoding: { type: 'string' },
      rejected: { type: 'string' }, 'no-wait': { type: 'boolean' },
    }, ['path']);
    const path = positionals[0]!;
    const item = required(file, values, 'item');
    if (!existsSync(path)) throw usageError(`no file ${path}`, file.usage);
    const format = (values.format ?? (/\.(nd)?jsonl?$|\.ndjson$/i.test(path) ? 'ndjson' : 'csv')).toLowerCase();
    if (format !== 'csv' && format !== 'ndjson') throw usageError(`--format must be csv or ndjson; got ${JSON.stringify(format)}`, file.usage);
    const { base, headers } = await connection(ctx, values);
    const query = new URLSearchParams();
    if (values.department) query.set('department', values.department);
    if (values.encoding) query.set('encoding', values.encoding);
    const res = await fetch(`${base}/ingest/${encodeURIComponent(item)}${query.size ? `?${query}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': format === 'csv' ? 'text/csv' : 'application/x-ndjson', ...headers },
      body: Readable.toWeb(createReadStream(path)) as never,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    const body = (await res.json()) as { jobId?: string; errors?: Array<{ message: string }> };
    if (res.status !== 202 || !body.jobId) throw new CliError(`HTTP ${res.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no job'}`);
    ctx.out(body.jobId);
    if (values['no-wait']) return;
    let job = await fetchJob(base, headers, body.jobId);
    while (job.status === 'RUNNING') {
      await new Promise((r) => setTimeout(r, 500));
      job = await fetchJob(base, headers, body.jobId);
    }
    ctx.err(summary(job));
    if (values.rejected && job.rejected > 0) {
      await saveRejected(base, headers, job.id, values.rejected);
      ctx.err(`rejected rows (with a reason column) written to ${values.rejected}`);
    }
    if (job.status !== 'DONE') throw new CliError(summary(job));
  },
};

const status: Command = {
  usage: 'ingest status <jobId> [--gateway URL] [--key K | --token T]',
  summary: 'show an ingest job\'s progress and counts',
  async run(ctx, args) {
    const { values, positionals } = parseCommand(status, args, common, ['jobId']);
    const { base, headers } = await connection(ctx, values);
    ctx.out(summary(await fetchJob(base, headers, positionals[0]!)));
  },
};

const rejected: Command = {
  usage: 'ingest rejected <jobId> --out FILE.csv [--gateway URL] [--key K | --token T]',
  summary: 'save an ingest job\'s rejected rows as CSV (the file\'s encoding, a reason column)',
  async run(ctx, args) {
    const { values, positionals } = parseCommand(rejected, args, { ...common, out: { type: 'string' } }, ['jobId']);
    const out = required(rejected, values, 'out');
    const { base, headers } = await connection(ctx, values);
    await saveRejected(base, headers, positionals[0]!, out);
    ctx.err(`written to ${out}`);
  },
};

export const commands: Record<string, Command> = { file, status, rejected };
