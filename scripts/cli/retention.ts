/**
 * `retention run|list`: the enterprise subgraph's daily retention (subgraphs/enterprise/db/retention.ts)
 * run by hand, and its reports. Works on the enterprise database directly, as the subgraph does;
 * RETENTION_NEGATIVE_YEARS applies as in the subgraph (default 5), --years overrides it.
 */
import { todayCST } from '../../lib/time.ts';
import { loadRetentionConfig } from '../../subgraphs/enterprise/config.ts';
import { openEnterpriseDb, type Db } from '../../subgraphs/enterprise/db/client.ts';
import { findRetentionRuns, runRetention, type RetentionRunRow } from '../../subgraphs/enterprise/db/retention.ts';
import { CliError, integer, parseCommand, usageError, type CliContext, type Command } from './command.ts';

async function withEnterpriseDb<T>(ctx: CliContext, fn: (db: Db) => Promise<T>): Promise<T> {
  if (!ctx.databaseUrl) throw new CliError('this CLI cannot reach the enterprise database');
  const { provider, url } = await ctx.databaseUrl('enterprise');
  const db = await openEnterpriseDb(provider, url);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const line = (r: RetentionRunRow) =>
  `${r.day} ${r.trigger.padEnd(9)} expired ${r.expired}, deleted ${r.deleted} (negative records ended before ${r.deleteBefore}), held ${r.held}  [${r.id}]`;

const run: Command = {
  usage: 'retention run [--years N] [--json]',
  summary: 'run the retention now: log the expiries since the last run, delete negative records N years past their publicity end (not under objection or repair)',
  async run(ctx, args) {
    const { values } = parseCommand(run, args, { years: { type: 'string' }, json: { type: 'boolean' } });
    const negativeYears = integer(run, values, 'years') ?? loadRetentionConfig(ctx.env).negativeYears;
    if (negativeYears < 1) throw usageError('--years must be at least 1', run.usage);
    const now = ctx.now();
    const report = await withEnterpriseDb(ctx, (db) => runRetention(db, { today: todayCST(now), now, negativeYears, trigger: 'CLI' }));
    ctx.out(values.json ? JSON.stringify({ ...report, detail: JSON.parse(report.detail ?? 'null') }, null, 2) : line(report));
  },
};

const list: Command = {
  usage: 'retention list [--last N] [--json]',
  summary: 'the reports of the latest retention runs, newest first (default 30)',
  async run(ctx, args) {
    const { values } = parseCommand(list, args, { last: { type: 'string' }, json: { type: 'boolean' } });
    const runs = await withEnterpriseDb(ctx, (db) => findRetentionRuns(db, integer(list, values, 'last') ?? 30));
    if (values.json) ctx.out(JSON.stringify(runs.map((r) => ({ ...r, detail: JSON.parse(r.detail ?? 'null') })), null, 2));
    else ctx.out(runs.length ? runs.map(line).join('\n') : 'no retention run yet');
  },
};

export const commands: Record<string, Command> = { run, list };
