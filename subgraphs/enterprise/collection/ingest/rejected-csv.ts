/**
 * A job's rejected rows as CSV: the record's columns as it was sent (ID numbers masked), then why
 * — reason, field, message — and the line it was on. Read from the database a page at a time.
 */
import type { CatalogueItem } from '../../../../lib/catalogue/index.ts';
import type { Db } from '../../db/client.ts';
import { findRejections } from '../../db/collection.ts';

const PAGE = 1000;

/** A CSV cell: quoted when it holds a comma, quote or line break; a leading =+-@ is quoted too (no formulas in spreadsheets). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function* rejectedCsv(db: Db, jobId: string, item: CatalogueItem): AsyncGenerator<string> {
  const columns = ['recordId', ...item.fields.map((f) => f.name)];
  yield [...columns, 'reason', 'field', 'message', 'line'].map(csvCell).join(',') + '\r\n';
  let after = -1;
  for (;;) {
    const page = await findRejections(db, jobId, PAGE, after);
    if (page.length === 0) return;
    let text = '';
    for (const r of page) {
      const row = JSON.parse(r.row) as unknown;
      const values = row !== null && typeof row === 'object' && !Array.isArray(row) ? row as Record<string, unknown> : null;
      // A row that was not a record (bad JSON, wrong columns) keeps what was sent in its first column.
      const cells = values ? columns.map((c) => values[c]) : [Array.isArray(row) ? row.join(',') : row, ...item.fields.map(() => null)];
      text += [...cells, r.reason, r.field, r.message, r.position].map(csvCell).join(',') + '\r\n';
    }
    yield text;
    after = page.at(-1)!.position;
  }
}
