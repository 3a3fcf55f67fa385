/**
 * `usage export`: metered usage as CSV (RFC 4180: CRLF line ends, fields quoted when they must be),
 * bucketed exactly as `Query.usage` buckets it (hours; days and months in China Standard Time).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatCst } from '../../lib/time.ts';
import { findInstitutions } from '../../subgraphs/platform/db/institutions.ts';
import { hourlyUsageByInstitution } from '../../subgraphs/platform/db/usage.ts';
import {
  bucketize, GRANULARITIES, usageRange, type Granularity, type HourlyUsage,
} from '../../subgraphs/platform/usage-report.ts';
import { CliError, instant, parseCommand, usageError, type Command } from './command.ts';

// New columns go at the end: a reader that takes the columns by position keeps working.
export const CSV_HEADER = ['institution_id', 'bucket_start_cst', 'requests', 'archive_pulls', 'person_record_pulls', 'rejected', 'cached_requests', 'reports'];

/** One RFC 4180 field: quoted (quotes doubled) when it holds a comma, a quote, CR or LF. */
export const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const csvRecord = (fields: (string | number)[]): string => `${fields.map(csvField).join(',')}\r\n`;

const exportCsv: Command = {
  usage: 'usage export --from ISO --to ISO [--granularity HOUR|DAY|MONTH] [--institution ID] [--out file.csv]',
  summary: 'export usage as CSV, one row per institution and bucket (CST days/months); every institution with usage when --institution is omitted',
  async run(ctx, args) {
    const { values } = parseCommand(exportCsv, args, {
      from: { type: 'string' }, to: { type: 'string' }, granularity: { type: 'string' },
      institution: { type: 'string' }, out: { type: 'string' },
    });
    const granularity = (values.granularity ?? 'DAY').toUpperCase();
    if (!(GRANULARITIES as readonly string[]).includes(granularity)) {
      throw usageError(`--granularity must be one of ${GRANULARITIES.join(', ')}; got ${JSON.stringify(values.granularity)}`, exportCsv.usage);
    }
    const range = usageRange(instant(exportCsv, values, 'from'), instant(exportCsv, values, 'to'), granularity as Granularity);
    const db = await ctx.db();
    const institutionId = values.institution ?? null;
    if (institutionId !== null && (await findInstitutions(db, [institutionId])).length === 0) {
      throw new CliError(`No institution with id ${institutionId}.`);
    }
    const rows = await hourlyUsageByInstitution(db, { institutionId, from: range.from, to: range.to });
    const perInstitution = new Map<string, HourlyUsage[]>(institutionId === null ? [] : [[institutionId, []]]);
    for (const row of rows) {
      const list = perInstitution.get(row.institutionId) ?? [];
      list.push(row);
      perInstitution.set(row.institutionId, list);
    }
    let csv = csvRecord(CSV_HEADER);
    let records = 0;
    for (const [id, hours] of perInstitution) {
      for (const b of bucketize(range, hours)) {
        csv += csvRecord([id, formatCst(b.start), b.requests, b.archivePulls, b.personRecordPulls, b.rejected, b.cachedRequests, b.reports]);
        records++;
      }
    }
    if (values.out) {
      writeFileSync(resolve(values.out), csv);
      ctx.err(`wrote ${records} rows (${granularity}, ${formatCst(range.from)} to ${formatCst(range.to)}) to ${resolve(values.out)}`);
    } else {
      ctx.out(csv);
    }
  },
};

export const commands: Record<string, Command> = { export: exportCsv };
