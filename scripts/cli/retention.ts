/**
 * `retention run|list`: the daily retention (issue 13) run by hand, and its reports: the enterprise
 * subgraph's (subgraphs/enterprise/db/retention.ts) and the social-org subgraph's
 * (subgraphs/social-org/db/retention.ts), each on its own database directly, as the subgraphs do,
 * each with its own report. RETENTION_NEGATIVE_YEARS applies as in the subgraphs (default 5),
 * --years overrides it.
 */
import { todayCST } from '../../lib/time.ts';
import { loadRetentionConfig } from '../../subgraphs/enterprise/config.ts';
import { openEnterpriseDb, type Db } from '../../subgraphs/enterprise/db/client.ts';
import { findRetentionRuns, runRetention, type RetentionRunRow } from '../../subgraphs/enterprise/db/retention.ts';
import { openSocialOrgDb, type Db as OrgDb } from '../../subgraphs/social-org/db/client.ts';
import { findOrgRetentionRuns, runOrgRetention } from '../../subgraphs/social-org/db/retention.ts';
import { CliError, integer, parseCommand, usageError, type CliContext, type Command } from './command.ts';

async function withDb<D extends { close(): Promise<void> }, T>(
  ctx: CliContext, name: 'enterprise' | 'social-org', open: (provider: 'sqlite' | 'postgresql', url: string) => Promise<D>, fn: (db: D) => Promise<T>,
): Promise<T> {
  if (!ctx.databaseUrl) throw new CliError(`this CLI cannot reach the ${name} database`);
  const { provider, url } = await ctx.databaseUrl(name);
  const db = await open(provider, url);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
const withEnterpriseDb = <T>(ctx: CliContext, fn: (db: Db) => Promise<T>) => withDb(ctx, 'enterprise', openEnterpriseDb, fn);
const withOrgDb = <T>(ctx: CliContext, fn: (db: OrgDb) => Promise<T>) => withDb(ctx, 'social-org', openSocialOrgDb, fn);

type Report = Pick<RetentionRunRow, 'day' | 'trigger' | 'expired' | 'deleted' | 'deleteBefore' | 'held' | 'id' | 'detail'>;
const line = (r: Report) =>
  `${r.day} ${r.trigger.padEnd(9)} expired ${r.expired}, deleted ${r.deleted} (negative records ended before ${r.deleteBefore}), held ${r.held}  [${r.id}]`;
const json = (r: Report) => ({ ...r, detail: JSON.parse(r.detail ?? 'null') });

const run: Command = {
  usage: 'retention run [--years N] [--json]',
  summary: 'run the retention now (enterprises\', then social organisations\' records): log the expiries since the last run, delete negative records N years past their publicity end (not under objection or repair)',
  async run(ctx, args) {
    const { values } = parseCommand(run, args, { years: { type: 'string' }, json: { type: 'boolean' } });
    const negativeYears = integer(run, values, 'years') ?? loadRetentionConfig(ctx.env).negativeYears;
    if (negativeYears < 1) throw usageError('--years must be at least 1', run.usage);
    const now = ctx.now();
    const o = { today: todayCST(now), now, negativeYears, trigger: 'CLI' } as const;
    const report = await withEnterpriseDb(ctx, (db) => runRetention(db, o));
    const orgs = await withOrgDb(ctx, (db) => runOrgRetention(db, o));
    ctx.out(values.json ? JSON.stringify({ ...json(report), socialOrganizations: json(orgs) }, null, 2) : `${line(report)}\n  social organisations: ${line(orgs)}`);
  },
};

const list: Command = {
  usage: 'retention list [--last N] [--social-org] [--json]',
  summary: 'the reports of the latest retention runs, newest first (default 30): the enterprise subgraph\'s, or with --social-org the social-org subgraph\'s',
  async run(ctx, args) {
    const { values } = parseCommand(list, args, { last: { type: 'string' }, 'social-org': { type: 'boolean' }, json: { type: 'boolean' } });
    const take = integer(list, values, 'last') ?? 30;
    const runs: Report[] = values['social-org']
      ? await withOrgDb(ctx, (db) => findOrgRetentionRuns(db, take))
      : await withEnterpriseDb(ctx, (db) => findRetentionRuns(db, take));
    if (values.json) ctx.out(JSON.stringify(runs.map(json), null, 2));
    else ctx.out(runs.length ? runs.map(line).join('\n') : 'no retention run yet');
  },
};

export const commands: Record<string, Command> = { run, list };
