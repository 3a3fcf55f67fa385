/**
 * What every CLI command shares: its context (the platform database, DATA_DIR, output streams, the
 * clock, all injectable so tests run commands as functions), its errors and argument parsing.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Db } from '../../subgraphs/platform/db/client.ts';

export type Env = Record<string, string | undefined>;

export interface CliContext {
  /** The environment the CLI runs in (only the entry point reads process.env). */
  env: Env;
  /** The platform database, opened (and every database migrated) on first use. */
  db(): Promise<Db>;
  /** A subgraph's database as `npm start` resolves it (commands that work on one: retention). */
  databaseUrl?(subgraph: 'enterprise' | 'social-org'): Promise<{ provider: 'sqlite' | 'postgresql'; url: string }>;
  /** The resolved DATA_DIR. */
  dataDir(): Promise<string>;
  /** Standard output, the command's result: `text`, then a newline unless it ends with one. */
  out(text: string): void;
  /** Standard error, warnings and notes that must not mix with the result (same newline rule). */
  err(text: string): void;
  now(): Date;
}

export interface Command {
  /** `institutions register --name N ...` */
  usage: string;
  /** One line for --help. */
  summary: string;
  run(ctx: CliContext, args: string[]): Promise<void>;
}

/** Exit codes: 64 for a command used wrongly (EX_USAGE), 1 for a failure. */
export const EXIT_USAGE = 64;
export const EXIT_FAILURE = 1;

export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode: number = EXIT_FAILURE) {
    super(message);
  }
}

export const usageError = (message: string, usage?: string) =>
  new CliError(usage ? `${message}\nusage: npm run cli -- ${usage}` : message, EXIT_USAGE);

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `parseArgs` (strict) for one command: unknown options and missing option values become usage
 * errors quoting the command's usage; `positionals` names the positional arguments it requires.
 */
export function parseCommand<O extends Options>(command: Command, args: string[], options: O, positionals: string[] = []) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError((err as Error).message, command.usage);
  }
  if (parsed.positionals.length !== positionals.length) {
    const expected = positionals.length ? positionals.map((p) => `<${p}>`).join(' ') : 'no positional argument';
    throw usageError(`expected ${expected}; got ${parsed.positionals.length ? parsed.positionals.map((p) => JSON.stringify(p)).join(' ') : 'none'}`, command.usage);
  }
  return parsed;
}

/** A required string option. */
export function required(command: Command, values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.length === 0) throw usageError(`--${name} is required`, command.usage);
  return v;
}

/** A non-negative integer option, or undefined when absent. */
export function integer(command: Command, values: Record<string, unknown>, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) throw usageError(`--${name} must be a whole number; got ${JSON.stringify(v)}`, command.usage);
  return Number(v);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant option: a date (`2026-03-01`, read as 00:00 China Standard Time, like the report's
 * days) or an ISO 8601 date-time with its zone (`Z` or `+08:00`; a bare local time is ambiguous).
 */
export function instant(command: Command, values: Record<string, unknown>, name: string): Date {
  const v = required(command, values, name);
  const date = DATE_ONLY.test(v) ? new Date(`${v}T00:00:00+08:00`) : DATE_TIME_WITH_ZONE.test(v) ? new Date(v) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw usageError(`--${name} must be a date (2026-03-01, read in China Standard Time) or an ISO 8601 instant with its zone ` +
      `(2026-03-01T00:00:00+08:00); got ${JSON.stringify(v)}`, command.usage);
  }
  return date;
}

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** A plain-text table: a header row, then one row per record, columns padded to fit. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - displayWidth(c)))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
