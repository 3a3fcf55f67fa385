/**
 * `npm run cli -- <group> <command> [options]`: the operator CLI (institutions, keys, demo tokens,
 * usage export, webhooks and their dead letters) over the configured platform database. DATA_DIR, DATABASE_PROVIDER and
 * PLATFORM_DATABASE_URL are resolved as `npm start` resolves them (scripts/prepare.ts, which also
 * migrates). `--help` lists the commands; `<group> <command> --help` shows one command's options.
 * Exit status: 0 done, 64 a command used wrongly (or an invalid value), 1 any other failure.
 */
import { isMainModule } from '../lib/main-module.ts';
import { openDb } from '../lib/db/client.ts';
import { CreditGraphError } from '../lib/errors.ts';
import { clientModules, type Db } from '../subgraphs/platform/db/client.ts';
import { CliError, EXIT_FAILURE, EXIT_USAGE, type CliContext, type Command } from './cli/command.ts';
import { commands as ingest } from './cli/ingest.ts';
import { commands as institutions } from './cli/institutions.ts';
import { commands as keys } from './cli/keys.ts';
import { commands as retention } from './cli/retention.ts';
import { commands as tokens } from './cli/tokens.ts';
import { commands as usage } from './cli/usage.ts';
import { commands as webhooks } from './cli/webhooks.ts';
import { prepare, type Prepared } from './prepare.ts';

export const GROUPS: Record<string, Record<string, Command>> = { institutions, keys, tokens, usage, ingest, retention, webhooks };

const HELP_FLAGS = new Set(['--help', '-h']);

/** Every command, one line each. */
export function helpText(): string {
  const entries = Object.entries(GROUPS).flatMap(([group, cmds]) => Object.entries(cmds).map(([name, c]) => [`${group} ${name}`, c.summary]));
  const width = Math.max(...entries.map(([n]) => n!.length));
  return [
    'usage: npm run cli -- <command> [options]',
    '',
    'commands:',
    ...entries.map(([n, s]) => `  ${n!.padEnd(width)}  ${s}`),
    '',
    'npm run cli -- <command> --help shows the options of one command.',
    'Uses DATA_DIR (default ./data), DATABASE_PROVIDER and PLATFORM_DATABASE_URL like npm start.',
  ].join('\n');
}

const commandHelp = (c: Command) => `usage: npm run cli -- ${c.usage}\n\n${c.summary}`;

/** Runs one command line; returns the exit status. Errors are written to `ctx.err`, never thrown. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [group, name, ...args] = argv;
  if (group === undefined || HELP_FLAGS.has(group) || group === 'help') {
    if (group === undefined) { ctx.err(helpText()); return EXIT_USAGE; }
    ctx.out(helpText());
    return 0;
  }
  const cmds = GROUPS[group];
  if (!cmds) {
    ctx.err(`error: unknown command "${group}"; expected one of ${Object.keys(GROUPS).join(', ')} (npm run cli -- --help)`);
    return EXIT_USAGE;
  }
  const command = name === undefined ? undefined : cmds[name];
  if (!command) {
    const list = Object.values(cmds).map((c) => `  ${c.usage}`).join('\n');
    if (name !== undefined && HELP_FLAGS.has(name)) { ctx.out(`${group} commands:\n${list}`); return 0; }
    ctx.err(`error: ${name === undefined ? `"${group}" needs a command` : `unknown command "${group} ${name}"`}; one of:\n${list}`);
    return EXIT_USAGE;
  }
  if (args.some((a) => HELP_FLAGS.has(a))) { ctx.out(commandHelp(command)); return 0; }
  try {
    await command.run(ctx, args);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      ctx.err(`error: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof CreditGraphError) {
      const reason = typeof err.extensions.reason === 'string' ? ` (${err.extensions.reason})` : '';
      ctx.err(`error: ${err.message}${reason}`);
      return err.code === 'BAD_USER_INPUT' ? EXIT_USAGE : EXIT_FAILURE;
    }
    ctx.err(`error: ${group} ${name} failed: ${failureMessage(err)}`);
    return EXIT_FAILURE;
  }
}

/** The cause, without the code frame Prisma puts before it in its messages. */
function failureMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (!err.name.startsWith('PrismaClient')) return err.message;
  return err.message.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? err.name;
}

async function main(): Promise<void> {
  const env = process.env;
  let prepared: Promise<Prepared> | undefined;
  let db: Promise<Db> | undefined;
  const ready = () => (prepared ??= prepare(env));
  const write = (stream: NodeJS.WriteStream) => (text: string) => { stream.write(text.endsWith('\n') ? text : `${text}\n`); };
  const ctx: CliContext = {
    env,
    db: () => (db ??= ready().then((p) => openDb(clientModules, p.provider, p.urls.platform))),
    databaseUrl: async (name) => { const p = await ready(); return { provider: p.provider, url: p.urls[name] }; },
    dataDir: async () => (await ready()).dataDir,
    out: write(process.stdout),
    err: write(process.stderr),
    now: () => new Date(),
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), ctx);
  } finally {
    await (await db?.catch(() => undefined))?.close();
  }
}

if (isMainModule(import.meta.url)) {
  main().catch((err) => { console.error(err); process.exit(1); });
}
